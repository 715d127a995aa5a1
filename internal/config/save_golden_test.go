package config

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

var update = flag.Bool("update", false, "rewrite golden files")

func goldenProfile() Profile {
	return Profile{
		Name:              "qb",
		CredentialProcess: "/opt/qbiz/bin/qbiz credentials --profile qb",
		Region:            "us-east-1",
		Mode:              identity.ModeOIDC,
		Issuer:            "https://idp.example.com/oauth2/default",
		ClientID:          "qbiz-cli",
		Scopes:            []string{"openid", "email"},
		RoleARN:           "arn:aws:iam::123456789012:role/QBusinessWebIdentity",
		ApplicationID:     "a1b2c3d4-e5f6-4a5b-8c7d-0123456789ab",
		DurationSeconds:   900,
	}
}

func TestSaveGolden(t *testing.T) {
	ins, _ := filepath.Glob("testdata/save/*.in.ini")
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.ini")
		t.Run(name, func(t *testing.T) {
			env, path := tempConfig(t)
			copyFile(t, in, path)
			err := Save(env, goldenProfile())
			golden := strings.TrimSuffix(in, ".in.ini") + ".golden"
			got := readFile(t, path)
			if err != nil {
				got = []byte("error: " + strings.ReplaceAll(err.Error(), path, "CONFIG") + "\n")
			}
			if *update {
				os.WriteFile(golden, got, 0o644)
			}
			if want := readFile(t, golden); !bytes.Equal(got, want) {
				t.Errorf("Save result differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestSavePreservesOtherSections checks, independently of the golden
// files, that every line outside the edited section is unchanged.
func TestSavePreservesOtherSections(t *testing.T) {
	env, path := tempConfig(t)
	copyFile(t, "testdata/save/update.in.ini", path)
	before := readFile(t, path)
	if err := Save(env, goldenProfile()); err != nil {
		t.Fatal(err)
	}
	after := readFile(t, path)
	b, a := outside(t, before, "qb"), outside(t, after, "qb")
	if b != a {
		t.Errorf("lines outside [profile qb] changed:\n%s\n---\n%s", b, a)
	}
	got, err := Load(env, "qb")
	if err != nil {
		t.Fatal(err)
	}
	want := goldenProfile()
	want.ProviderARN, want.SAMLSSOURL = "", ""
	if !equalProfiles(got, want) {
		t.Errorf("Load after Save = %+v, want %+v", got, want)
	}
}

func TestSaveDuplicateSectionsRefused(t *testing.T) {
	env, path := tempConfig(t)
	copyFile(t, "testdata/save/duplicate.in.ini", path)
	if err := Save(env, goldenProfile()); !errors.Is(err, ErrDuplicateProfile) {
		t.Fatalf("Save = %v, want ErrDuplicateProfile", err)
	}
}

func outside(t *testing.T, data []byte, name string) string {
	t.Helper()
	d := parseDocument(data)
	s := d.find(name)
	if len(s) != 1 {
		t.Fatalf("want one section %q, got %d", name, len(s))
	}
	return strings.Join(d.lines[:s[0].start], "\n") + "\n=====\n" + strings.Join(d.lines[s[0].end:], "\n")
}

func tempConfig(t *testing.T) (MapEnv, string) {
	t.Helper()
	home := t.TempDir()
	return MapEnv{"HOME": home}, filepath.Join(home, ".aws", "config")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, readFile(t, from), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func equalProfiles(a, b Profile) bool { return reflect.DeepEqual(a, b) }
