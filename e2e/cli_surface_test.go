package e2e_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
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
