package cli

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"
)

func TestMainUsage(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantOut    string
		wantErr    string
		notWantOut string
	}{
		{"unknown command", []string{"bogus"}, ExitUsage, "", `unknown command "bogus" for "qbiz"`, "Usage:"},
		{"unknown command suggests", []string{"logn"}, ExitUsage, "", "did you mean login?", "Usage:"},
		{"unknown subcommand", []string{"conversations", "lst"}, ExitUsage, "", `unknown command "lst" for "qbiz conversations"`, "Usage:"},
		{"extra argument", []string{"whoami", "extra"}, ExitUsage, "", `"extra"`, ""},
		{"missing argument", []string{"conversations", "show"}, ExitUsage, "", "accepts 1 arg", ""},
		{"unknown flag", []string{"whoami", "--bogus"}, ExitUsage, "", "unknown flag: --bogus", ""},
		{"no command prints help", nil, ExitOK, "Available Commands:", "", ""},
		{"group without subcommand prints help", []string{"conversations"}, ExitOK, "Available Commands:", "", ""},
		{"--version", []string{"--version"}, ExitOK, "qbiz ", "", "Usage:"},
		{"version", []string{"version"}, ExitOK, "qbiz ", "", "Usage:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			code := Main(context.Background(), tt.args, env)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errb.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout %q lacks %q", out.String(), tt.wantOut)
			}
			if !strings.Contains(errb.String(), tt.wantErr) {
				t.Errorf("stderr %q lacks %q", errb.String(), tt.wantErr)
			}
			if tt.notWantOut != "" && strings.Contains(out.String()+errb.String(), tt.notWantOut) {
				t.Errorf("output has %q:\n%s%s", tt.notWantOut, out.String(), errb.String())
			}
		})
	}
}

func TestVersionString(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "qbiz (unknown version)"},
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"},
			Settings: vcs("vcs.revision", "0123456789abcdef0123456789abcdef01234567", "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "false")},
			"qbiz v1.2.3 (revision 0123456789abcdef0123456789abcdef01234567, 2026-01-02T03:04:05Z; go1.26.8)"},
		{"modified checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "abc", "vcs.modified", "true")},
			"qbiz (devel) (revision abc, modified; go1.26.8)"},
		{"no vcs", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"qbiz (devel) (revision unknown; go1.26.8)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionString(tt.info); got != tt.want {
				t.Errorf("versionString =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
