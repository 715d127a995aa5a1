package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEditedProfileNeedsNewSignIn: after the profile's role is edited, the
// cached sign-in (made for the old role) is not served: credentials fails
// naming the changed setting and the login to run, and makes no AWS call.
func TestEditedProfileNeedsNewSignIn(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	path := filepath.Join(w.home, ".aws", "config")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	role := w.app("oidc").RoleARN
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), role, role+"-renamed", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	before := w.ledgerCount("")
	r := w.run(nil, "credentials", "--profile", "qbiz-sandbox-oidc")
	if r.code != 1 || !strings.Contains(r.stderr, "qbiz_role_arn changed") || !strings.Contains(r.stderr, "qbiz login --profile qbiz-sandbox-oidc") {
		t.Fatalf("credentials after the role changed: exit %d, %q", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "AccessKeyId") {
		t.Errorf("credentials printed keys: %q", r.stdout)
	}
	if n := w.ledgerCount("") - before; n != 0 {
		t.Errorf("%d AWS calls for a sign-in made with other settings", n)
	}
}
