package config

import (
	"os"
	"strings"
	"testing"
)

func TestSaveSourceWritesAPlainProfile(t *testing.T) {
	env, path := tempConfig(t)
	copyFileText(t, path, "[profile qbiz-sandbox-admin]\nregion = eu-west-1\ncli_pager =\n")
	p := Profile{Name: "qbiz-sandbox-admin", CredentialProcess: CommandLine("/opt/q b/qbiz", "sandbox", "credentials", "--endpoint", "http://127.0.0.1:8484"),
		Region: "us-east-1", EndpointURL: "http://127.0.0.1:8484"}
	if err := SaveSource(env, p); err != nil {
		t.Fatal(err)
	}
	want := "[profile qbiz-sandbox-admin]\nregion = us-east-1\ncli_pager =\n" +
		"credential_process = '/opt/q b/qbiz' sandbox credentials --endpoint http://127.0.0.1:8484\nendpoint_url = http://127.0.0.1:8484\n"
	if got := string(readFile(t, path)); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	if mode(t, path) != 0o600 {
		t.Errorf("mode %o", mode(t, path))
	}
}

func TestSaveSourceRefuses(t *testing.T) {
	base := Profile{Name: "src", CredentialProcess: "qbiz sandbox credentials", Region: "us-east-1"}
	tests := []struct {
		name, key string
		edit      func(*Profile)
	}{
		{"qbiz keys", KeyMode, func(p *Profile) { p.Mode = "oidc" }},
		{"issuer", KeyIssuer, func(p *Profile) { p.Issuer = "https://idp.example.com" }},
		{"no credential_process", KeyCredentialProcess, func(p *Profile) { p.CredentialProcess = "" }},
		{"no region", KeyRegion, func(p *Profile) { p.Region = "" }},
		{"newline", KeyCredentialProcess, func(p *Profile) { p.CredentialProcess = "qbiz\n[profile x]" }},
		{"endpoint", KeyEndpointURL, func(p *Profile) { p.EndpointURL = "ftp://x" }},
		{"name", "invalid profile name", func(p *Profile) { p.Name = "a b" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, path := tempConfig(t)
			p := base
			tt.edit(&p)
			err := SaveSource(env, p)
			if err == nil || !strings.Contains(err.Error(), tt.key) {
				t.Fatalf("SaveSource = %v, want an error naming %s", err, tt.key)
			}
			if _, err := os.Stat(path); err == nil {
				t.Error("a refused profile was written")
			}
		})
	}
}

func TestCommandLineQuotesEachArgument(t *testing.T) {
	if got, want := CommandLine("", "sandbox", "credentials", "--endpoint", "http://h:1/a b"), "qbiz sandbox credentials --endpoint 'http://h:1/a b'"; got != want {
		t.Errorf("CommandLine = %q, want %q", got, want)
	}
	if got := CredentialProcessCommand("/x/qbiz", "work"); got != "/x/qbiz credentials --profile work" {
		t.Errorf("CredentialProcessCommand = %q", got)
	}
}

func copyFileText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(path[:strings.LastIndex(path, "/")], 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
