package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// TestServedAWSConfigIsSelfSufficient writes /sandbox/aws-config as served
// and nothing else (no credentials file): the Identity Center profile signs
// in and mints credentials through the real flows, its application
// credentials coming from the admin profile's credential_process, and an
// AWS SDK that reads only that file calls Q Business as the signed-in user.
func TestServedAWSConfigIsSelfSufficient(t *testing.T) {
	w := newWorld(t)
	onPath(t, w)
	cfg := get(t, w.sb.URL+"/sandbox/aws-config")
	if strings.Contains(cfg, w.info.AdminCredentials.SecretAccessKey) {
		t.Fatal("/sandbox/aws-config holds the admin secret key")
	}
	writeFile(t, w.vars["AWS_CONFIG_FILE"], cfg)
	w.login("qbiz-sandbox-idc", "mary_major@example.com")
	p := parseProcess(t, w.must(w.runBinary(context.Background(), "credentials", "--profile", "qbiz-sandbox-idc"), "credentials").stdout)
	if p.Version != 1 || p.SessionToken == "" {
		t.Fatalf("credentials: %+v", p)
	}
	for k, v := range w.vars {
		t.Setenv(k, v) // the SDK runs credential_process with this process's environment
	}
	sdk, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithSharedConfigProfile("qbiz-sandbox-idc"))
	if err != nil {
		t.Fatalf("load the served profile with the AWS SDK: %v", err)
	}
	entry, titles := w.chat(sdk.Credentials, w.app("idc").ApplicationID, "What is the status of the ACME project?")
	if !strings.HasPrefix(entry.Identity, "idc:") || !strings.Contains(strings.ToUpper(titles), "ACME") {
		t.Errorf("the SDK's ChatSync answered as %q citing %q, want Mary's Identity Center user and ACME", entry.Identity, titles)
	}
	admin, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithSharedConfigProfile("qbiz-sandbox-admin"))
	if err != nil {
		t.Fatalf("load the served admin profile: %v", err)
	}
	if aws.ToString(admin.BaseEndpoint) != w.sb.URL {
		t.Errorf("admin profile endpoint %q, want %s", aws.ToString(admin.BaseEndpoint), w.sb.URL)
	}
	if _, err := qbusiness.NewFromConfig(admin).ListApplications(context.Background(), &qbusiness.ListApplicationsInput{}); err != nil {
		t.Errorf("ListApplications with the served admin profile: %v", err)
	}
}

// TestConfigureFromSandboxWritesNoSecret: configure --from-sandbox puts
// no secret key in any file, removes the plaintext admin keys earlier
// versions wrote to the credentials file (keeping the other sections), and
// the Identity Center profile still works.
func TestConfigureFromSandboxWritesNoSecret(t *testing.T) {
	w := newWorld(t)
	stale := "[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = keep-me\n\n" +
		"[qbiz-sandbox-admin]\naws_access_key_id = AKIAOLD\naws_secret_access_key = stale-plaintext-secret\n"
	writeFile(t, w.vars["AWS_SHARED_CREDENTIALS_FILE"], stale)
	w.configure()
	w.login("qbiz-sandbox-idc", "mary_major@example.com")
	w.must(w.run(nil, "credentials", "--profile", "qbiz-sandbox-idc"), "credentials")
	secrets := []string{w.info.AdminCredentials.SecretAccessKey, "stale-plaintext-secret"}
	filepath.WalkDir(w.home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				rel, _ := filepath.Rel(w.home, path)
				t.Errorf("%s holds a secret key in plaintext", rel)
			}
		}
		return nil
	})
	creds, _ := os.ReadFile(w.vars["AWS_SHARED_CREDENTIALS_FILE"])
	if !strings.Contains(string(creds), "keep-me") {
		t.Errorf("the credentials file lost its other sections:\n%s", creds)
	}
}

// TestConfigureFromEmptySandboxFails: a world with no applications is an
// error that says why, and nothing is written.
func TestConfigureFromEmptySandboxFails(t *testing.T) {
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", Scenario: sandbox.ScenarioEmpty})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	w := newWorld(t)
	r := w.run(nil, "configure", "--from-sandbox", sb.URL)
	if r.code == 0 || !strings.Contains(r.stderr, "no applications") || !strings.Contains(r.stderr, "--scenario demo") {
		t.Errorf("configure against the empty world: exit %d, stderr %q; want a failure naming the missing applications", r.code, r.stderr)
	}
	for _, f := range []string{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"} {
		if _, err := os.Stat(w.vars[f]); err == nil {
			t.Errorf("%s written by a failed configure", f)
		}
	}
}

// TestSandboxCredentialsCommand: qbiz sandbox credentials prints the
// sandbox administrator's keys as credential_process JSON.
func TestSandboxCredentialsCommand(t *testing.T) {
	w := newWorld(t)
	r := w.must(w.runBinary(context.Background(), "sandbox", "credentials", "--endpoint", w.sb.URL), "sandbox credentials")
	var p map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("output %q: %v", r.stdout, err)
	}
	admin := w.info.AdminCredentials
	if p["Version"] != 1.0 || p["AccessKeyId"] != admin.AccessKeyID || p["SecretAccessKey"] != admin.SecretAccessKey || len(p) != 3 {
		t.Errorf("sandbox credentials printed %v", p)
	}
	if r := w.runBinary(context.Background(), "sandbox", "credentials", "--endpoint", "http://127.0.0.1:1"); r.code == 0 || r.stdout != "" {
		t.Errorf("an unreachable sandbox: exit %d, stdout %q", r.code, r.stdout)
	}
}

// onPath puts the built qbiz first on PATH, as an installed one would be:
// the served profiles run "qbiz …" as their credential_process.
func onPath(t *testing.T, w *world) {
	t.Helper()
	path := filepath.Dir(qbizBin) + string(os.PathListSeparator) + os.Getenv("PATH")
	w.vars["PATH"] = path
	t.Setenv("PATH", path)
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v", u, resp.Status, err)
	}
	return string(b)
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}
