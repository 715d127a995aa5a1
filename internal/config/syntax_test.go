package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

func writeConfig(t *testing.T, text string) (MapEnv, string) {
	t.Helper()
	env, path := tempConfig(t)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return env, path
}

// TestLoadRefusesWhatItCannotRead: a line the parser cannot place is an
// error naming the file and the line, never keys merged into the
// profile above it.
func TestLoadRefusesWhatItCannotRead(t *testing.T) {
	tests := []struct {
		name string
		text string
		line int
		want string
	}{
		{"header without ]", "[profile other]\nregion = eu-west-1\n\n[profile work\nqbiz_mode = oidc\n", 4, "no closing ]"},
		{"key before any header", "region = eu-west-1\n[profile work]\nqbiz_mode = oidc\n", 1, "region: a key before any [section] header"},
		{"indented key before any header", "# comment\n\n  region = eu-west-1\n[profile work]\nqbiz_mode = oidc\n", 3, "before any [section] header"},
		{"line without =", "[profile work]\nqbiz_mode = oidc\nqbiz_issuer https://idp\n", 3, "not a key = value line"},
		{"error in another profile", "[profile work]\nqbiz_mode = oidc\n[profile other\n", 3, "no closing ]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, path := writeConfig(t, tt.text)
			_, err := Load(env, "work")
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line != tt.line {
				t.Fatalf("Load err = %v, want a syntax error at line %d", err, tt.line)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, tt.want) {
				t.Errorf("Load err = %q, want the path %s and %q", msg, path, tt.want)
			}
			if errors.Is(err, ErrProfileNotFound) {
				t.Errorf("Load err = %v is ErrProfileNotFound", err)
			}
			if err := Save(env, Profile{Name: "work", Mode: identity.ModeOIDC, Region: "us-east-1",
				Issuer: "https://idp.example.com", ClientID: "c", RoleARN: "arn:aws:iam::123456789012:role/R"}); !errors.As(err, &se) {
				t.Errorf("Save err = %v, want the syntax error (no edit of a file it cannot read)", err)
			}
		})
	}
}

// TestLoadReadsWhatAWSReads: comments, blank lines, continuation lines
// and other section kinds are not errors.
func TestLoadReadsWhatAWSReads(t *testing.T) {
	text := "# top comment\n; another\n\n[default]\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 10\n" +
		"[sso-session corp]\nsso_region = us-east-1\n[services dev]\nqbusiness =\n  endpoint_url = http://x\n" +
		"[profile work] ; trailing comment\nqbiz_mode = oidc\n\t# indented comment\n"
	env, _ := writeConfig(t, text)
	p, ws, err := Read(env, "work")
	if err != nil || p.Mode != identity.ModeOIDC || len(ws) != 0 {
		t.Errorf("Read = %+v, %v, %v; want mode oidc, no warnings", p, ws, err)
	}
}

// TestUnknownQbizKeyWarns: an unknown qbiz_* key of the profile is a
// warning naming the nearest known key; other profiles' keys and non-qbiz
// keys are not qbiz's business.
func TestUnknownQbizKeyWarns(t *testing.T) {
	text := "[profile other]\nqbiz_bogus = 1\n[profile work]\nqbiz_mode = oidc\nqbiz_isuer = https://idp\nqbiz_region = us-east-1\n" +
		"qbiz_frobnicate = x\ns3 = y\nqbiz_role = arn\n"
	env, path := writeConfig(t, text)
	_, ws, err := Read(env, "work")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.String())
	}
	want := []string{
		path + " line 5: unknown key qbiz_isuer: did you mean qbiz_issuer?",
		path + " line 6: unknown key qbiz_region: did you mean region?",
		path + " line 7: unknown key qbiz_frobnicate",
		path + " line 9: unknown key qbiz_role: did you mean qbiz_role_arn?",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings =\n%q\nwant\n%q", got, want)
	}
}

func TestNearestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"qbiz_isuer", KeyIssuer},
		{"qbiz_clientid", KeyClientID},
		{"qbiz_application", KeyApplicationID},
		{"qbiz_endpoint_url", KeyEndpointURL},
		{"qbiz_idc_role", KeyIDCRoleARN},
		{"qbiz_zzzzzzzz", ""},
	}
	for _, tt := range tests {
		if got := nearestKey(tt.in); got != tt.want {
			t.Errorf("nearestKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
