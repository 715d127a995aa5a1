package archtest

import (
	"testing"
)

// TestModuleFollowsRules checks every rule on the whole import graph of
// this module.
func TestModuleFollowsRules(t *testing.T) {
	g, err := Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"cmd/qbiz", "internal/identity", "internal/sandbox", "internal/cli"} {
		if !hasPackage(g, rel) {
			t.Fatalf("go list found no %s: the rules would check nothing", rel)
		}
	}
	for _, v := range Check(g, Rules) {
		t.Errorf("%s: %s (%s)", v.Rule.Name, v, v.Rule.Why)
	}
}

func hasPackage(g *Graph, rel string) bool {
	for _, p := range g.Packages {
		if p.Rel == rel {
			return true
		}
	}
	return false
}
