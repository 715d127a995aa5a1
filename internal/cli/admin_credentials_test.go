package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// adminPlanWith runs qbiz admin plan in w with the shared config file ini
// and extra flags, without --endpoint-url or --aws-profile.
func adminPlanWith(t *testing.T, w *adminWorld, ini string, extra ...string) (int, string) {
	t.Helper()
	if err := os.WriteFile(w.vars["AWS_CONFIG_FILE"], []byte(ini), 0o600); err != nil {
		t.Fatal(err)
	}
	args := append(append([]string{"admin", "plan", "--mode", "oidc", "--name", "acme", "--endpoint-url", w.sb.URL}, w.idp()...), extra...)
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return w.vars[k] },
		Environ: func() []string { return nil }, IsTerminal: func() bool { return false }, HTTPClient: w.sb.HTTPClient()}
	code := Main(context.Background(), args, env)
	return code, errb.String()
}

// TestAdminWithoutCredentialsSaysWhereTheyComeFrom: with nothing in the
// default chain, and with a profile whose credential_process fails,
// admin plan stops before any call with an error that says so and a hint
// naming --aws-profile or the profile to fix — never a silent exit 1 (a
// credential_process's exit status is not a command qbiz exec ran).
func TestAdminWithoutCredentialsSaysWhereTheyComeFrom(t *testing.T) {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	w := newAdminWorld(t)
	if err := os.Remove(w.vars["AWS_SHARED_CREDENTIALS_FILE"]); err != nil {
		t.Fatal(err)
	}

	code, errs := adminPlanWith(t, w, "[default]\nregion = eu-west-3\n")
	if code != ExitError || !strings.Contains(errs, "no AWS administrator credentials") || !strings.Contains(errs, "hint: pass --aws-profile NAME") {
		t.Errorf("plan with an empty default chain: exit %d\n%s", code, errs)
	}
	if strings.Contains(errs, "SDK ") {
		t.Errorf("the SDK's own log lines reached stderr:\n%s", errs)
	}

	code, errs = adminPlanWith(t, w, "[profile broken]\nregion = us-east-1\ncredential_process = sh -c 'exit 3'\n", "--aws-profile", "broken")
	if code != ExitError || !strings.Contains(errs, "AWS credentials of profile broken") || !strings.Contains(errs, "credential_process") {
		t.Errorf("plan with a failing credential_process: exit %d\n%s", code, errs)
	}
}
