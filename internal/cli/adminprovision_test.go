package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// adminWorld is an empty sandbox account and a HOME for qbiz admin.
type adminWorld struct {
	sb   *sandbox.Sandbox
	home string
	vars map[string]string
}

func newAdminWorld(t *testing.T) *adminWorld {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", Scenario: sandbox.ScenarioEmpty})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	home := t.TempDir()
	// The file keyring under the test's HOME: never the OS keyring of the
	// person running the tests.
	w := &adminWorld{sb: sb, home: home, vars: map[string]string{"HOME": home,
		"AWS_CONFIG_FILE": filepath.Join(home, ".aws", "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, ".aws", "credentials"),
		"QBIZ_KEYRING_BACKEND": "file", "QBIZ_KEYRING_PASSWORD": "test-passphrase"}}
	admin := sb.Info().AdminCredentials
	w.credentials(t, "admin", admin.AccessKeyID, admin.SecretAccessKey, "")
	return w
}

// credentials writes a profile of long-term or session keys to the shared
// credentials file.
func (w *adminWorld) credentials(t *testing.T, profile, id, secret, token string) {
	t.Helper()
	path := w.vars["AWS_SHARED_CREDENTIALS_FILE"]
	old, _ := os.ReadFile(path)
	s := string(old) + "[" + profile + "]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n"
	if token != "" {
		s += "aws_session_token = " + token + "\n"
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// run runs qbiz admin VERB with the stack's flags and extra args.
func (w *adminWorld) run(t *testing.T, stdin, verb string, extra ...string) (code int, stdout, stderr string) {
	t.Helper()
	args := append([]string{"admin", verb, "--mode", "oidc", "--name", "acme", "--region", "us-east-1",
		"--endpoint-url", w.sb.URL, "--aws-profile", "admin"}, extra...)
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return w.vars[k] },
		Environ: func() []string { return nil }, IsTerminal: func() bool { return false }, HTTPClient: w.sb.HTTPClient(),
		Executable: func() (string, error) { return "/opt/qbiz/bin/qbiz", nil }}
	code = Main(context.Background(), args, env)
	return code, out.String(), errb.String()
}

func (w *adminWorld) idp() []string {
	return []string{"--issuer", w.sb.Info().OIDC.Issuer, "--client-id", "qbiz-cli"}
}

func TestAdminOIDCLifecycle(t *testing.T) {
	w := newAdminWorld(t)
	idp := w.idp()

	code, out, errs := w.run(t, "", "plan", idp...)
	if code != 0 || !strings.Contains(out, "8 to create, 0 to update, 0 unchanged") {
		t.Fatalf("plan on an empty account: %d\n%s%s", code, out, errs)
	}
	code, out, _ = w.run(t, "", "plan", append(idp, "--output", "json")...)
	checkPlanJSON(t, code, out, "create")

	code, _, errs = w.run(t, "s3cret-value\n", "apply", append(idp, "--client-secret-stdin")...)
	if code != ExitUsage || !strings.Contains(errs, "pass --yes") {
		t.Fatalf("apply without --yes and no terminal: %d %s", code, errs)
	}
	code, out, errs = w.run(t, "s3cret-value\n", "apply", append(idp, "--client-secret-stdin", "--yes", "--write-profile", "acme")...)
	if code != 0 {
		t.Fatalf("apply: %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"Applied 8 changes", "/authorization-code/callback", "http://127.0.0.1/callback",
		"https://aws.amazon.com/tags", "qbiz login --profile acme"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(errs, "warning:") {
		t.Errorf("apply warned about an issuer that lists the tags claim:\n%s", errs)
	}
	if strings.Contains(out+errs, "s3cret-value") {
		t.Fatal("apply printed the client secret")
	}
	cfg, err := os.ReadFile(w.vars["AWS_CONFIG_FILE"])
	if err != nil || !strings.Contains(string(cfg), "[profile acme]") || strings.Contains(string(cfg), "s3cret") {
		t.Fatalf("profile file: %v\n%s", err, cfg)
	}

	code, out, errs = w.run(t, "", "apply", append(idp, "--yes")...)
	if code != 0 || !strings.Contains(out, "Nothing to change") {
		t.Fatalf("second apply: %d\n%s%s", code, out, errs)
	}
	code, out, _ = w.run(t, "", "plan", append(idp, "--output", "json")...)
	checkPlanJSON(t, code, out, "unchanged")

	code, out, errs = w.run(t, "", "destroy", "--yes")
	if code != 0 || !strings.Contains(out, "Destroyed 8 resources") {
		t.Fatalf("destroy: %d\n%s%s", code, out, errs)
	}
	code, out, errs = w.run(t, "", "destroy", "--yes")
	if code != 0 || !strings.Contains(out, "Nothing to destroy") {
		t.Fatalf("second destroy: %d\n%s%s", code, out, errs)
	}
	code, out, _ = w.run(t, "", "plan", append(idp, "--output", "json")...)
	checkPlanJSON(t, code, out, "create")
}

// checkPlanJSON holds plan --output json to its exact shape.
func checkPlanJSON(t *testing.T, code int, out, action string) {
	t.Helper()
	var doc map[string][]map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc) != 1 || len(doc["changes"]) != 8 {
		t.Fatalf("plan --output json: %d\n%s", code, out)
	}
	for _, c := range doc["changes"] {
		_, hasARN := c["arn"]
		if len(c) != 4 || !hasARN || c["type"] == "" || c["name"] == "" || c["action"] != action {
			t.Errorf("change %v, want action %s with type, name and arn only", c, action)
		}
	}
}

func TestAdminRefusesBadInput(t *testing.T) {
	w := newAdminWorld(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"issuer not a URL", []string{"--issuer", "dev-123.okta.com", "--client-id", "x"}, "invalid --issuer"},
		{"issuer over http", []string{"--issuer", "http://idp.example.com", "--client-id", "x"}, "invalid --issuer"},
		{"unknown region", append(w.idp(), "--region", "moon-base"), `unknown --region "moon-base"`},
		{"no client id", []string{"--issuer", "https://idp.example.com"}, "--client-id is required"},
		{"idc without client id", []string{"--mode", "idc", "--issuer", "https://idp.example.com"}, "--client-id is required"},
		{"saml without metadata", []string{"--mode", "saml"}, "needs one of --saml-metadata-url or --saml-metadata-file"},
		{"saml with both", []string{"--mode", "saml", "--saml-metadata-url", "https://idp.example.com/md", "--saml-metadata-file", "md.xml"}, "needs one of"},
		{"saml with oidc flags", append(w.idp(), "--mode", "saml", "--saml-metadata-file", "md.xml"), "are for --mode oidc"},
		{"saml metadata over http", []string{"--mode", "saml", "--saml-metadata-url", "http://idp.example.com/md"}, "invalid --saml-metadata-url"},
		{"bad prefix", append(w.idp(), "--name", "dev.okta.com/x"), "invalid --name"},
		{"bad output", append(w.idp(), "--output", "yaml"), "unknown --output"},
		{"redirect not loopback", append(w.idp(), "--redirect-uri", "https://app.example.com/callback"), "invalid --redirect-uri"},
		{"redirect without port", append(w.idp(), "--redirect-uri", "http://127.0.0.1/callback"), "explicit port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := w.run(t, "", "plan", tc.args...)
			if code != ExitUsage || !strings.Contains(errs, tc.want) || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 naming %q", code, out, errs, tc.want)
			}
		})
	}
}

// TestAdminNamesTheMissingPermission: credentials that may read but not
// create get the AWS refusal naming the action, a hint, exit 1, and
// nothing half-made.
func TestAdminNamesTheMissingPermission(t *testing.T) {
	w := newAdminWorld(t)
	ctx := context.Background()
	cfg := w.sb.AdminConfig()
	acct := w.sb.Info().Account
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"sts:AssumeRole"}]}`
	readOnly := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","secretsmanager:DescribeSecret","qbusiness:Get*","qbusiness:List*"],"Resource":"*"}]}`
	c := iam.NewFromConfig(cfg)
	if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("auditor"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("auditor"), PolicyName: aws.String("read"), PolicyDocument: aws.String(readOnly)}); err != nil {
		t.Fatal(err)
	}
	creds, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + acct + ":role/auditor"), RoleSessionName: aws.String("audit")})
	if err != nil {
		t.Fatal(err)
	}
	k := creds.Credentials
	w.credentials(t, "auditor", *k.AccessKeyId, *k.SecretAccessKey, *k.SessionToken)

	limited := append(w.idp(), "--aws-profile", "auditor")
	if code, out, errs := w.run(t, "", "plan", limited...); code != 0 || !strings.Contains(out, "8 to create") {
		t.Fatalf("plan with read-only credentials: %d\n%s%s", code, out, errs)
	}
	code, _, errs := w.run(t, "x\n", "apply", append(limited, "--yes", "--client-secret-stdin")...)
	if code != ExitError || !strings.Contains(errs, "iam:CreateOpenIDConnectProvider") || !strings.Contains(errs, "hint: the administrator credentials lack the permission") {
		t.Fatalf("apply without create permissions: exit %d\n%s", code, errs)
	}
	if code, out, _ := w.run(t, "", "destroy", "--yes"); code != 0 || !strings.Contains(out, "Nothing to destroy") {
		t.Fatalf("a refused apply left resources behind: %s", out)
	}
}

func TestAdminSAMLLifecycle(t *testing.T) {
	w := newAdminWorld(t)
	md := []string{"--mode", "saml", "--saml-metadata-url", w.sb.Info().SAML.MetadataURL}
	code, out, errs := w.run(t, "", "plan", md...)
	if code != 0 || !strings.Contains(out, "6 to create") || !strings.Contains(out, "AWS::IAM::SAMLProvider") {
		t.Fatalf("plan: %d\n%s%s", code, out, errs)
	}
	code, out, errs = w.run(t, "", "apply", append(md, "--yes", "--write-profile", "acme-saml", "--saml-entity-id", "urn:qbiz:acme")...)
	if code != 0 {
		t.Fatalf("apply: %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"https://signin.aws.amazon.com/saml", "http://127.0.0.1:PORT/saml/acs", "Attributes/Role = arn:aws:iam::",
		"PrincipalTag:Email", "qbiz login --profile acme-saml"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
	cfg, _ := os.ReadFile(w.vars["AWS_CONFIG_FILE"])
	for _, want := range []string{"qbiz_mode = saml", "qbiz_saml_entity_id = urn:qbiz:acme", ":saml-provider/acme-saml-provider"} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("profile lacks %q:\n%s", want, cfg)
		}
	}
	if code, out, _ = w.run(t, "", "apply", append(md, "--yes")...); code != 0 || !strings.Contains(out, "Nothing to change") {
		t.Fatalf("second apply: %d\n%s", code, out)
	}
	if code, out, _ = w.run(t, "", "destroy", "--mode", "saml", "--yes"); code != 0 || !strings.Contains(out, "Destroyed 6 resources") {
		t.Fatalf("destroy: %d\n%s", code, out)
	}
	if code, out, _ = w.run(t, "", "destroy", "--mode", "saml", "--yes"); code != 0 || !strings.Contains(out, "Nothing to destroy") {
		t.Fatalf("second destroy: %d\n%s", code, out)
	}
}

func TestAdminSAMLRefusesShortMetadata(t *testing.T) {
	w := newAdminWorld(t)
	path := filepath.Join(t.TempDir(), "md.xml")
	if err := os.WriteFile(path, []byte(`<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := w.run(t, "", "apply", "--mode", "saml", "--saml-metadata-file", path, "--yes")
	if code != ExitError || !strings.Contains(errs, "IAM requires at least 1000") || out != "" {
		t.Fatalf("apply with short metadata: %d\n%s%s", code, out, errs)
	}
}

func TestAdminIDCLifecycle(t *testing.T) {
	w := newAdminWorld(t)
	idc := append([]string{"--mode", "idc"}, w.idp()...)
	code, out, errs := w.run(t, "", "plan", idc...)
	if code != 0 || !strings.Contains(out, "6 to create") || !strings.Contains(out, "AWS::SSO::TrustedTokenIssuer") {
		t.Fatalf("plan: %d\n%s%s", code, out, errs)
	}
	code, out, errs = w.run(t, "", "apply", append(idc, "--yes", "--write-profile", "acme-idc")...)
	if code != 0 || !strings.Contains(out, "Identity Center application:       arn:aws:sso::") || !strings.Contains(out, "case included") {
		t.Fatalf("apply: %d\n%s%s", code, out, errs)
	}
	cfg, _ := os.ReadFile(w.vars["AWS_CONFIG_FILE"])
	for _, want := range []string{"qbiz_mode = idc", "qbiz_idc_source_profile = admin", "qbiz_idc_application_arn = arn:aws:sso::", "role/acme-idc-role"} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("profile lacks %q:\n%s", want, cfg)
		}
	}
	if code, out, _ = w.run(t, "", "apply", append(idc, "--yes")...); code != 0 || !strings.Contains(out, "Nothing to change") {
		t.Fatalf("second apply: %d\n%s", code, out)
	}
	if code, out, _ = w.run(t, "", "destroy", "--mode", "idc", "--yes"); code != 0 || !strings.Contains(out, "Destroyed 6 resources") {
		t.Fatalf("destroy: %d\n%s", code, out)
	}
	if code, out, _ = w.run(t, "", "destroy", "--mode", "idc", "--yes"); code != 0 || !strings.Contains(out, "Nothing to destroy") {
		t.Fatalf("second destroy: %d\n%s", code, out)
	}
}
