package e2e_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// newEmptyWorld is newWorld on an account with nothing provisioned, its
// administrator's keys in the shared credentials file as profile admin.
func newEmptyWorld(t *testing.T) *world {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", Scenario: sandbox.ScenarioEmpty})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	w := newWorld(t)
	w.sb, w.info = sb, sb.Info()
	admin := w.info.AdminCredentials
	creds := "[admin]\naws_access_key_id = " + admin.AccessKeyID + "\naws_secret_access_key = " + admin.SecretAccessKey + "\n"
	path := w.vars["AWS_SHARED_CREDENTIALS_FILE"]
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// runStdin runs qbiz in-process with stdin.
func (w *world) runStdin(stdin string, args ...string) result {
	return w.runStdinEnv(stdin, nil, args...)
}

// runStdinEnv runs qbiz in-process with stdin and extra environment.
func (w *world) runStdinEnv(stdin string, extra map[string]string, args ...string) result {
	var out, errb bytes.Buffer
	vars := w.env(extra)
	env := cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }, Environ: func() []string { return environ(vars) },
		IsTerminal: func() bool { return false }, HTTPClient: &http.Client{Timeout: 30 * time.Second},
		Executable: func() (string, error) { return qbizBin, nil }}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	return result{code: cli.Main(ctx, args, env), stdout: out.String(), stderr: errb.String()}
}

// TestAdminApplyThenLoginAndChat: qbiz admin apply provisions an empty
// account for an issuer it did not create (the sandbox's IdP and its
// confidential client, whose secret the web experience and qbiz login
// share), writes a profile, and a user signs in with qbiz login and chats
// through it; destroy then leaves nothing.
func TestAdminApplyThenLoginAndChat(t *testing.T) {
	w := newEmptyWorld(t)
	stack := []string{"--mode", "oidc", "--name", "acme", "--region", w.info.Region, "--endpoint-url", w.sb.URL, "--aws-profile", "admin"}
	client := w.info.OIDC.Clients[len(w.info.OIDC.Clients)-1]
	if client.ClientSecret == "" {
		t.Fatal("the sandbox IdP has no confidential client")
	}
	idp := []string{"--issuer", w.info.OIDC.Issuer, "--client-id", client.ClientID}
	apply := append(append([]string{"admin", "apply"}, stack...), idp...)
	w.must(w.runStdin(client.ClientSecret+"\n", append(apply, "--client-secret-stdin", "--yes", "--write-profile", "acme")...), "admin apply")

	user := w.info.Users[0]
	w.login("acme", user.Username)
	r := w.must(w.run(nil, "chat", "--profile", "acme", "-m", "Hello, who am I?"), "chat")
	if strings.TrimSpace(r.stdout) == "" {
		t.Fatal("chat printed no answer")
	}
	asUser := 0
	for _, e := range w.sb.Ledger.Entries(nil) {
		if (e.Operation == "ChatSync" || e.Operation == "Chat") && e.Status == 200 && strings.EqualFold(e.Identity, user.Email) {
			asUser++
		}
	}
	if asUser == 0 {
		t.Fatalf("no successful chat by %s in the ledger", user.Email)
	}

	w.must(w.runStdin("", append(append([]string{"admin", "destroy"}, stack...), "--yes")...), "admin destroy")
	if r := w.must(w.runStdin("", append(append([]string{"admin", "destroy"}, stack...), "--yes")...), "second destroy"); !strings.Contains(r.stdout, "Nothing to destroy") {
		t.Fatalf("second destroy: %s", r.stdout)
	}
}

// TestAdminIDCApplyThenLoginAndChat: qbiz admin apply --mode idc sets up
// trusted identity propagation for the sandbox IdP on an empty account; the
// profile it writes signs a user in (IdP token, CreateTokenWithIAM with the
// administrator profile's credentials, the role with the identity context)
// and the chat runs as that user.
func TestAdminIDCApplyThenLoginAndChat(t *testing.T) {
	w := newEmptyWorld(t)
	stack := []string{"--mode", "idc", "--name", "acme", "--region", w.info.Region, "--endpoint-url", w.sb.URL, "--aws-profile", "admin"}
	apply := append(append([]string{"admin", "apply"}, stack...), "--issuer", w.info.OIDC.Issuer, "--client-id", "qbiz-cli", "--yes", "--write-profile", "acme-idc")
	w.must(w.runStdin("", apply...), "admin apply")

	user := w.info.Users[0]
	w.login("acme-idc", user.Username)
	w.must(w.run(nil, "chat", "--profile", "acme-idc", "-m", "Hello, who am I?"), "chat")
	asUser := 0
	for _, e := range w.sb.Ledger.Entries(nil) {
		if (e.Operation == "ChatSync" || e.Operation == "Chat") && e.Status == 200 && strings.HasPrefix(e.Identity, "idc:") &&
			strings.HasSuffix(e.CallerARN, "/"+user.Email) {
			asUser++
		}
	}
	if asUser == 0 {
		t.Fatalf("no successful chat by %s with an Identity Center identity in the ledger", user.Email)
	}
	w.must(w.runStdin("", append(append([]string{"admin", "destroy"}, stack...), "--yes")...), "admin destroy")
}

// TestAdminSAMLApplyThenLoginAndChat: qbiz admin apply --mode saml creates
// the SAML provider from the sandbox IdP's metadata on an empty account;
// once the IdP is given the Role attribute apply printed (the sandbox's
// control endpoint, as an IdP administrator would), the profile apply
// wrote signs a user in and the chat runs as that user.
func TestAdminSAMLApplyThenLoginAndChat(t *testing.T) {
	w := newEmptyWorld(t)
	stack := []string{"--mode", "saml", "--name", "acme", "--region", w.info.Region, "--endpoint-url", w.sb.URL, "--aws-profile", "admin"}
	apply := append(append([]string{"admin", "apply"}, stack...), "--saml-metadata-url", w.info.SAML.MetadataURL,
		"--saml-entity-id", w.info.SAML.SPEntityID, "--yes", "--write-profile", "acme-saml")
	r := w.must(w.runStdin("", apply...), "admin apply")
	role := "arn:aws:iam::" + w.info.Account + ":role/acme-web-experience-role"
	provider := "arn:aws:iam::" + w.info.Account + ":saml-provider/acme-saml-provider"
	if !strings.Contains(r.stdout, "Attributes/Role = "+role+","+provider) {
		t.Fatalf("apply did not print the Role attribute:\n%s", r.stdout)
	}
	body := `{"entity_id": "` + w.info.SAML.SPEntityID + `", "roles": [{"role_arn": "` + role + `", "provider_arn": "` + provider + `"}]}`
	w.post("/sandbox/saml/service-providers", body)

	user := w.info.Users[0]
	w.login("acme-saml", user.Username)
	w.must(w.run(nil, "chat", "--profile", "acme-saml", "-m", "Hello, who am I?"), "chat")
	asUser := 0
	for _, e := range w.sb.Ledger.Entries(nil) {
		if (e.Operation == "ChatSync" || e.Operation == "Chat") && e.Status == 200 && strings.EqualFold(e.Identity, user.Email) {
			asUser++
		}
	}
	if asUser == 0 {
		t.Fatalf("no successful chat by %s in the ledger", user.Email)
	}
	w.must(w.runStdin("", append(append([]string{"admin", "destroy"}, stack...), "--yes")...), "admin destroy")
}
