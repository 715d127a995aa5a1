package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

const sample = `[default]
region = eu-west-1

[ profile  qb ]   ; spaced header
credential_process = qbiz credentials --profile qb
Region = us-east-1 # inline comment
qbiz_mode = IDC
qbiz_issuer=https://idp.example.com
qbiz_client_id = cli
qbiz_scopes = openid,email  profile
qbiz_idc_application_arn = arn:aws:sso::123456789012:application/ssoins-1/apl-1
qbiz_idc_role_arn = arn:aws:iam::123456789012:role/R
qbiz_idc_source_profile = admin
qbiz_duration_seconds = 1800
unrelated = kept

[profile qb]
qbiz_keyring_backend = file

[profile broken]
qbiz_mode = ldap
`

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		want    Profile
		wantErr error
	}{
		{"qb", Profile{
			Name: "qb", CredentialProcess: "qbiz credentials --profile qb", Region: "us-east-1",
			Mode: identity.ModeIDC, Issuer: "https://idp.example.com", ClientID: "cli",
			Scopes:            []string{"openid", "email", "profile"},
			IDCApplicationARN: "arn:aws:sso::123456789012:application/ssoins-1/apl-1",
			IDCRoleARN:        "arn:aws:iam::123456789012:role/R", IDCSourceProfile: "admin",
			DurationSeconds: 1800, KeyringBackend: "file",
		}, nil},
		{"default", Profile{Name: "default", Region: "eu-west-1"}, nil},
		{"missing", Profile{}, ErrProfileNotFound},
	}
	env, path := tempConfig(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte(sample), 0o600)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(env, tt.name)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("Load err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Load =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
	if _, err := Load(env, "broken"); err == nil {
		t.Error("Load(broken) = nil error, want unknown mode")
	}
}

func TestLoadNoFile(t *testing.T) {
	env, _ := tempConfig(t)
	if _, err := Load(env, "qb"); !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("Load = %v, want ErrProfileNotFound", err)
	}
}

func TestPath(t *testing.T) {
	tests := []struct {
		env     MapEnv
		want    string
		wantErr bool
	}{
		{MapEnv{"HOME": "/h"}, "/h/.aws/config", false},
		{MapEnv{"HOME": "/h", "AWS_CONFIG_FILE": "/etc/aws"}, "/etc/aws", false},
		{MapEnv{"HOME": "/h", "AWS_CONFIG_FILE": "~/cfg"}, "/h/cfg", false},
		{MapEnv{}, "", true},
		{MapEnv{"AWS_CONFIG_FILE": "~/cfg"}, "", true},
	}
	for _, tt := range tests {
		got, err := Path(tt.env)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("Path(%v) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	for _, name := range []string{"others", "update", "crlf", "nonewline", "duplicate"} {
		b, _ := os.ReadFile("testdata/save/" + name + ".in.ini")
		f.Add(b)
	}
	f.Add([]byte("[profile qb\nqbiz_mode=oidc\n[profile qb]\n\tx\n= =\n["))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := parseDocument(data)
		if string(d.bytes()) != string(data) {
			t.Fatalf("parse/format is not the identity")
		}
		parseProfile(d, "qb")
		before := d.find("qb")
		if len(before) > 1 || d.check() != nil {
			return // Save refuses to edit either
		}
		p := goldenProfile()
		orig := append([]string(nil), d.lines...)
		if err := d.setProfile(p); err != nil {
			t.Fatal(err)
		}
		if len(before) == 1 {
			checkOutsideUnchanged(t, orig, d, before[0])
		}
		if err := d.check(); err != nil {
			t.Fatalf("edit made the file unreadable: %v\n%q", err, d.bytes())
		}
		got, err := parseProfile(parseDocument(d.bytes()), "qb")
		if err != nil {
			t.Fatalf("reparse after edit: %v\n%q", err, d.bytes())
		}
		for _, f := range fields {
			if g, w := f.get(&got), f.get(&p); g != w {
				t.Fatalf("%s = %q after edit, want %q\n%q", f.key, g, w, d.bytes())
			}
		}
	})
}

func checkOutsideUnchanged(t *testing.T, orig []string, d *document, s section) {
	t.Helper()
	tail := len(orig) - s.end
	if !reflect.DeepEqual(orig[:s.start], d.lines[:s.start]) ||
		!reflect.DeepEqual(orig[s.end:], d.lines[len(d.lines)-tail:]) {
		t.Fatalf("lines outside the edited section changed\n%q\n%q", orig, d.lines)
	}
}
