package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/config"
)

// TestAdminApplyWritesTheAdminProfilesEndpoint: an administrator profile
// with its own region and endpoint_url (qbiz-sandbox-admin), under a
// default profile in another region, provisions without --region or
// --endpoint-url, and the profile apply writes signs in where the stack
// was made: the admin profile's endpoint and region.
func TestAdminApplyWritesTheAdminProfilesEndpoint(t *testing.T) {
	w := newAdminWorld(t)
	admin := w.sb.Info().AdminCredentials
	cfgPath := w.vars["AWS_CONFIG_FILE"]
	if err := os.MkdirAll(filepath.Dir(cfgPath), 0o700); err != nil {
		t.Fatal(err)
	}
	ini := "[default]\nregion = eu-west-3\n\n[profile sbadmin]\nregion = us-east-1\nendpoint_url = " + w.sb.URL + "\n"
	if err := os.WriteFile(cfgPath, []byte(ini), 0o600); err != nil {
		t.Fatal(err)
	}
	w.credentials(t, "sbadmin", admin.AccessKeyID, admin.SecretAccessKey, "")

	args := append([]string{"admin", "apply", "--mode", "oidc", "--name", "acme", "--aws-profile", "sbadmin",
		"--client-secret-stdin", "--yes", "--write-profile", "acme"}, w.idp()...)
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader("s3cret-value\n"), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return w.vars[k] },
		Environ: func() []string { return nil }, IsTerminal: func() bool { return false }, HTTPClient: w.sb.HTTPClient(),
		Executable: func() (string, error) { return "/opt/qbiz/bin/qbiz", nil }}
	if code := Main(context.Background(), args, env); code != 0 {
		t.Fatalf("apply through the admin profile's endpoint: %d\n%s%s", code, out.String(), errb.String())
	}
	p, err := config.Load(config.MapEnv(w.vars), "acme")
	if err != nil {
		t.Fatal(err)
	}
	if p.EndpointURL != w.sb.URL || p.Region != "us-east-1" {
		t.Errorf("written profile: endpoint_url %q region %q, want %q us-east-1", p.EndpointURL, p.Region, w.sb.URL)
	}
}
