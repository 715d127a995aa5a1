package e2e_test

import (
	"strings"
	"testing"
)

// TestVerboseReachesRenewal: with -v, the renewal of expired cached
// credentials during chat and conversations logs at debug level on
// stderr; without -v the same renewal logs nothing.
func TestVerboseReachesRenewal(t *testing.T) {
	const profile, line = "qbiz-sandbox-oidc", "renewing aws credentials"
	w := newWorld(t)
	w.configure()
	w.login(profile, "mary_major@example.com")
	for _, args := range [][]string{
		{"chat", "--profile", profile, "-m", "What is the ACME budget?"},
		{"conversations", "list", "--profile", profile},
	} {
		for _, verbose := range []bool{true, false} {
			name := args[0]
			if verbose {
				name += " -v"
			}
			t.Run(name, func(t *testing.T) {
				w := w.with(t)
				w.age(profile, false)
				before := w.ledgerCount("AssumeRoleWithWebIdentity")
				run := args
				if verbose {
					run = append(append([]string{}, args...), "-v")
				}
				r := w.must(w.run(nil, run...), name)
				if n := w.ledgerCount("AssumeRoleWithWebIdentity") - before; n != 1 {
					t.Fatalf("%d renewals, want 1", n)
				}
				if got := strings.Contains(r.stderr, line); got != verbose {
					t.Errorf("stderr has %q: %v, want %v; stderr:\n%s", line, got, verbose, r.stderr)
				}
			})
		}
	}
}
