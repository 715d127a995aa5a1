package e2e_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// hostileAWSEnv is what a shell of someone who uses other AWS accounts
// may hold: another profile, container and web identity credentials, and
// endpoints of other services. (AWS_REGION and AWS_ENDPOINT_URL are not
// hostile: they override the profile for qbiz and the command alike.)
var hostileAWSEnv = map[string]string{
	"AWS_PROFILE": "other", "AWS_DEFAULT_PROFILE": "other",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-token",
	"AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token", "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/other",
	"AWS_ENDPOINT_URL_QBUSINESS": "http://127.0.0.1:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
	"AWS_SECURITY_TOKEN": "legacy-token",
}

// wantProfileEnv checks that env (NAME=value lines) names exactly the
// sandbox profile's region and endpoint and nothing of hostileAWSEnv.
func (w *world) wantProfileEnv(t *testing.T, env string) {
	t.Helper()
	got := map[string]string{}
	for _, line := range strings.Split(env, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			got[k] = v
		}
	}
	want := map[string]string{"AWS_REGION": w.info.Region, "AWS_DEFAULT_REGION": w.info.Region, "AWS_ENDPOINT_URL": w.info.Endpoint}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for k := range hostileAWSEnv {
		if _, ok := want[k]; !ok && got[k] != "" {
			t.Errorf("%s = %q reached the command", k, got[k])
		}
	}
	if !strings.HasPrefix(got["AWS_ACCESS_KEY_ID"], "ASIA") || got["AWS_SESSION_TOKEN"] == "" {
		t.Errorf("credentials missing: key %q", got["AWS_ACCESS_KEY_ID"])
	}
}

// TestExecChildEnvIsTheProfiles: a child run by qbiz exec reads the
// profile's region under both names and its endpoint, and none of the
// variables that would make an SDK use other credentials or endpoints.
func TestExecChildEnvIsTheProfiles(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	r := w.must(w.runEnv(nil, hostileAWSEnv, "exec", "--profile", "qbiz-sandbox-oidc", "--", "env"), "exec env")
	w.wantProfileEnv(t, r.stdout)
}

// TestEnvExportEvaluatedByAShell: a shell holding hostileAWSEnv that
// evaluates qbiz env's output ends up with the same environment as a
// qbiz exec child.
func TestEnvExportEvaluatedByAShell(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	export := w.must(w.runEnv(nil, hostileAWSEnv, "env", "--profile", "qbiz-sandbox-oidc"), "env").stdout
	sh := exec.CommandContext(context.Background(), "sh", "-c", `eval "$QBIZ_ENV_OUTPUT"; env`)
	sh.Env = environ(w.env(hostileAWSEnv))
	sh.Env = append(sh.Env, "QBIZ_ENV_OUTPUT="+export)
	out, err := sh.Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	w.wantProfileEnv(t, string(out))
}

// chatBinary runs the built qbiz chat for the OIDC profile with stdin
// and stdout as given (stdout is always a pipe here).
func (w *world) chatBinary(t *testing.T, stdin *os.File, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, qbizBin, append([]string{"chat", "--profile", "qbiz-sandbox-oidc"}, args...)...)
	cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = environ(w.vars), stdin, &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run chat: %v", err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// TestChatNeverWritesEscapesToAPipe: whatever stdin is (a terminal, a
// character device that is not one, an empty pipe), chat whose output
// is a pipe writes plain text, and no question is a usage error.
func TestChatNeverWritesEscapesToAPipe(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	t.Run("terminal input", func(t *testing.T) {
		controller, tty := openPTY(t)
		// A line, then end of input (^D at the start of a line).
		if _, err := controller.WriteString("When does the ACME project launch?\n\x04"); err != nil {
			t.Fatal(err)
		}
		r := w.chatBinary(t, tty)
		if r.code != 0 || !strings.Contains(r.stdout, "Sources:") {
			t.Fatalf("exit %d, stdout %q, stderr %q; want an answer", r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr, "\x1b") {
			t.Errorf("escape sequence written to a pipe: %q", r.stdout)
		}
	})
	tests := []struct {
		name  string
		stdin *os.File
		args  []string
	}{
		{"/dev/null is no terminal", devNull, nil},
		{"-m empty", devNull, []string{"-m", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.chatBinary(t, tt.stdin, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, "empty question") {
				t.Errorf("exit %d, stderr %q; want 2 and empty question", r.code, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, "\x1b") {
				t.Errorf("escape sequence written to a pipe: %q", r.stdout)
			}
		})
	}
}

// TestConfigureDetectsModeOrSaysPassMode: without --mode, configure reads
// the application's identity type with an administrator's credentials;
// with none it says so in one sentence and to pass --mode, without the
// SDK's account of each credential source it tried.
func TestConfigureDetectsModeOrSaysPassMode(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"} {
		t.Setenv(k, "") // the SDK's credential chain reads this process's environment
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true") // no request to a metadata service from a test
	oidcApp := w.app("oidc")
	app := oidcApp.ApplicationID
	args := []string{"configure", "--profile", "detected", "--application-id", app, "--region", w.info.Region, "--endpoint-url", w.sb.URL,
		"--issuer", w.info.OIDC.Issuer, "--client-id", oidcApp.ClientID, "--role-arn", oidcApp.RoleARN}
	r := w.run(nil, args...)
	if r.code != 1 || !strings.Contains(r.stderr, "cannot detect the identity mode of application "+app+": no AWS credentials to read it with") ||
		!strings.Contains(r.stderr, "hint: pass --mode oidc, saml or idc") {
		t.Errorf("exit %d, stderr %q; want no credentials and pass --mode", r.code, r.stderr)
	}
	for _, noise := range []string{"IMDS", "ec2imds", "operation error", "SDK ", "StatusCode"} {
		if strings.Contains(r.stderr, noise) {
			t.Errorf("stderr has SDK noise %q: %q", noise, r.stderr)
		}
	}
	r = w.must(w.run(nil, append(args, "--detect-profile", "qbiz-sandbox-admin")...), "configure --detect-profile")
	if !strings.Contains(r.stderr, "Wrote profile detected (oidc)") {
		t.Errorf("stderr %q; want the profile written with mode oidc", r.stderr)
	}
}
