package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestExec: credentials reach the child only through its environment;
// AWS_PROFILE and ambient keys are stripped; the exit status propagates.
func TestExec(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	ambient := map[string]string{"AWS_PROFILE": "other", "AWS_ACCESS_KEY_ID": "AKIAAMBIENTAMBIENT00", "AWS_SECRET_ACCESS_KEY": "ambient-secret"}
	script := `echo "profile=${AWS_PROFILE-unset} key=$AWS_ACCESS_KEY_ID argc=$#"; test -n "$AWS_SESSION_TOKEN" && echo token-set; exit 7`
	r := w.runEnv(nil, ambient, "exec", "--profile", "qbiz-sandbox-oidc", "--", "sh", "-c", script)
	if r.code != 7 {
		t.Errorf("exit %d, want the child's 7 (stderr %q)", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "profile=unset key=ASIA") || !strings.Contains(r.stdout, "argc=0") || !strings.Contains(r.stdout, "token-set") {
		t.Errorf("child saw: %q", r.stdout)
	}
	if strings.Contains(r.stdout, "AMBIENT") || strings.Contains(r.stderr, "qbiz:") {
		t.Errorf("ambient credentials leaked or error printed: %q %q", r.stdout, r.stderr)
	}
}

// TestEnvFormats: export, dotenv and json carry the same credentials.
func TestEnvFormats(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	creds := parseProcess(t, w.must(w.run(nil, "credentials", "--profile", "qbiz-sandbox-oidc"), "credentials").stdout)
	var m map[string]string
	js := w.must(w.run(nil, "env", "--profile", "qbiz-sandbox-oidc", "--format", "json"), "env json").stdout
	if err := json.Unmarshal([]byte(js), &m); err != nil || m["AWS_SESSION_TOKEN"] != creds.SessionToken || m["AWS_REGION"] != "us-east-1" {
		t.Errorf("env json: %v %v", err, m["AWS_REGION"])
	}
	ex := w.must(w.run(nil, "env", "--profile", "qbiz-sandbox-oidc"), "env export").stdout
	if !strings.Contains(ex, "export AWS_ACCESS_KEY_ID='"+creds.AccessKeyId+"'") {
		t.Errorf("env export:\n%s", ex)
	}
	de := w.must(w.run(nil, "env", "--profile", "qbiz-sandbox-oidc", "--format", "dotenv"), "env dotenv").stdout
	if !strings.Contains(de, `AWS_SECRET_ACCESS_KEY="`+creds.SecretAccessKey+`"`) {
		t.Errorf("env dotenv lacks the secret key line")
	}
}
