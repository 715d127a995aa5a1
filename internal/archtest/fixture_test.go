package archtest

import (
	"slices"
	"testing"
)

// TestEachRuleCatchesItsViolation runs the rules on testdata/fixture, a
// module laid out like this one in which each rule is broken on purpose,
// directly or through an intermediate package, next to imports the rules
// allow (cli, demo and gateway/sandboxwiring embed the sandbox, cmd/qbiz
// imports cli, tokencache imports identity). Each rule must report exactly
// its own violations.
func TestEachRuleCatchesItsViolation(t *testing.T) {
	want := map[string][]string{
		"sandbox-independent":  {"internal/sandbox/wire -> internal/logging"},
		"no-test-code":         {"internal/config -> testing", "internal/logging -> internal/logging/logtest"},
		"identity-stdlib-only": {"internal/identity -> internal/logging"},
		"leaves-inward":        {"internal/awscreds -> internal/demo", "internal/qchat -> internal/x -> internal/sandbox"},
		"components-apart":     {"internal/oidcauth -> internal/tokencache"},
		"sandbox-embedders":    {"internal/x -> internal/sandbox"},
		"gateway-cli-apart":    {"internal/cli -> internal/y -> internal/gateway"},
		"cli-is-root":          {"internal/z -> internal/cli"},
	}
	g, err := Load("testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, v := range Check(g, Rules) {
		got[v.Rule.Name] = append(got[v.Rule.Name], v.String())
	}
	for _, r := range Rules {
		if w, ok := want[r.Name]; !ok {
			t.Errorf("rule %s has no violation in the fixture", r.Name)
		} else if !slices.Equal(got[r.Name], w) {
			t.Errorf("rule %s reported %q, want %q", r.Name, got[r.Name], w)
		}
		delete(got, r.Name)
	}
	if len(got) != 0 {
		t.Errorf("violations of unknown rules: %q", got)
	}
}
