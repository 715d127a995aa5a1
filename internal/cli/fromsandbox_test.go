package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// runIn runs qbiz with HOME (and the AWS files) under home.
func runIn(home string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	vars := map[string]string{"HOME": home, "AWS_CONFIG_FILE": filepath.Join(home, ".aws", "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, ".aws", "credentials")}
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] },
		Environ: func() []string { return nil }, IsTerminal: func() bool { return false },
		Executable: func() (string, error) { return "/opt/qbiz/bin/qbiz", nil }}
	code = Main(context.Background(), args, env)
	return code, out.String(), errb.String()
}

// startingSandbox answers 503 with Retry-After to the first n requests,
// as a sandbox still building its world does, then serves info.
func startingSandbox(t *testing.T, n int64, info sandbox.Info) *httptest.Server {
	t.Helper()
	var seen atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		_ = json.NewEncoder(w).Encode(info)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func demoInfo(t *testing.T) sandbox.Info {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb.Info()
}

// TestConfigureFromSandboxWaitsWhileStarting: a sandbox that answers 503
// while it builds its world is waited for, with one line saying so.
func TestConfigureFromSandboxWaitsWhileStarting(t *testing.T) {
	info := demoInfo(t)
	srv := startingSandbox(t, 3, info)
	home := t.TempDir()
	code, _, stderr := runIn(home, "configure", "--from-sandbox", srv.URL)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stderr, "still building its world; waiting"); n != 1 {
		t.Errorf("said it waits %d times:\n%s", n, stderr)
	}
	p, err := config.Load(config.MapEnv{"HOME": home}, "qbiz-sandbox-idc")
	if err != nil || p.IDCSourceProfile != SandboxAdminProfile {
		t.Fatalf("idc profile %+v: %v", p, err)
	}
	cfg, _ := os.ReadFile(filepath.Join(home, ".aws", "config"))
	want := "[profile qbiz-sandbox-admin]\ncredential_process = /opt/qbiz/bin/qbiz sandbox credentials --endpoint " + info.Endpoint +
		"\nregion = us-east-1\nendpoint_url = " + info.Endpoint + "\n"
	if !strings.Contains(string(cfg), want) {
		t.Errorf("config lacks\n%s\ngot:\n%s", want, cfg)
	}
}

func TestFromSandboxErrors(t *testing.T) {
	notSandbox := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(notSandbox.Close)
	empty := startingSandbox(t, 0, sandbox.Info{Region: "us-east-1", Endpoint: "http://127.0.0.1:1"})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"not a sandbox", []string{"configure", "--from-sandbox", notSandbox.URL}, "answered 404 Not Found: is it a qbiz sandbox?"},
		{"no applications", []string{"configure", "--from-sandbox", empty.URL}, "has no applications"},
		{"no admin keys", []string{"sandbox", "credentials", "--endpoint", empty.URL}, "reports no administrator keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			code, stdout, stderr := runIn(home, tt.args...)
			if code != ExitError || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d naming %q", code, stdout, stderr, ExitError, tt.want)
			}
			if entries, _ := os.ReadDir(home); len(entries) != 0 {
				t.Errorf("a failed command wrote %v", entries)
			}
		})
	}
}

func TestRemoveSharedCredentials(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials")
	if removed, err := removeSharedCredentials(path, "p"); removed || err != nil {
		t.Fatalf("missing file: %v %v", removed, err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a missing file was created")
	}
	os.WriteFile(path, []byte("[a]\nk = 1\n\n[p]\naws_secret_access_key = s\n[b]\nk = 2\n"), 0o644)
	if removed, err := removeSharedCredentials(path, "p"); !removed || err != nil {
		t.Fatalf("remove: %v %v", removed, err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "[a]\nk = 1\n\n[b]\nk = 2\n\n" {
		t.Errorf("file now %q", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if removed, _ := removeSharedCredentials(path, "p"); removed {
		t.Error("removed twice")
	}
}
