package tokencache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAPIToken: an API token is kept encrypted under its own name, apart
// from the sign-ins and client secrets; a name that is not a safe item
// name is refused.
func TestAPIToken(t *testing.T) {
	opts := fileOptions(t)
	s := openFile(t, opts)
	if _, err := s.APIToken("okta-example.okta.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("APIToken before Put = %v, want ErrNotFound", err)
	}
	if err := s.PutAPIToken("okta-example.okta.com", "okta-canary-token"); err != nil {
		t.Fatal(err)
	}
	got, err := s.APIToken("okta-example.okta.com")
	if err != nil || got.Reveal() != "okta-canary-token" {
		t.Fatalf("APIToken = %q, %v", got.Reveal(), err)
	}
	if _, err := s.ClientSecret("okta-example.okta.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the API token is readable as a client secret: %v", err)
	}
	if err := filepath.WalkDir(opts.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(b), "okta-canary-token") {
			t.Errorf("%s holds the token in clear", p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "../x", "a/b", "a:b"} {
		if err := s.PutAPIToken(bad, "x"); !errors.Is(err, ErrInvalidProfile) {
			t.Errorf("PutAPIToken(%q) = %v, want ErrInvalidProfile", bad, err)
		}
	}
}
