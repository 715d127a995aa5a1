// Package archtest enforces the dependency rules of DESIGN.md §3: the
// sandbox stays an independent oracle, the domain package imports nothing of
// ours, and production code never imports testing.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/qbiz/qbiz/"

type pkg struct {
	path    string
	imports []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "github.com/qbiz/qbiz/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkgs = append(pkgs, pkg{path: f[0], imports: f[1:]})
	}
	return pkgs
}

func ours(path string) string { return strings.TrimPrefix(path, module) }

func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		name := ours(p.path)
		for _, imp := range p.imports {
			if !strings.HasPrefix(imp, module) {
				if imp == "testing" && !strings.HasSuffix(name, "test") {
					t.Errorf("%s imports testing in production code", name)
				}
				continue
			}
			dep := ours(imp)
			if msg := violates(name, dep); msg != "" {
				t.Errorf("%s imports %s: %s", name, dep, msg)
			}
		}
	}
}

func violates(from, to string) string {
	under := func(p, root string) bool { return p == root || strings.HasPrefix(p, root+"/") }
	switch {
	case under(from, "internal/sandbox") && !under(to, "internal/sandbox"):
		return "the sandbox must not import production packages"
	case from == "internal/identity":
		return "identity is the domain vocabulary and imports nothing of ours"
	case under(from, "internal/gateway") && under(to, "internal/cli"), under(from, "internal/cli") && under(to, "internal/gateway"):
		return "gateway and cli never import each other"
	case under(to, "internal/sandbox") && !under(from, "internal/sandbox") && !under(from, "internal/cli") && !under(from, "internal/demo"):
		return "only the CLI and the demo may embed the sandbox"
	case under(to, "internal/cli") && !under(from, "cmd"):
		return "the CLI is a composition root; nothing imports it"
	}
	return ""
}

func TestViolatesCatchesEachRule(t *testing.T) {
	tests := []struct {
		from, to string
		bad      bool
	}{
		{"internal/sandbox/sts", "internal/awscreds", true},
		{"internal/sandbox/sts", "internal/sandbox/wire", false},
		{"internal/identity", "internal/logging", true},
		{"internal/gateway", "internal/cli", true},
		{"internal/cli", "internal/gateway", true},
		{"internal/awscreds", "internal/sandbox", true},
		{"internal/demo", "internal/sandbox", false},
		{"internal/cli", "internal/sandbox", false},
		{"internal/qchat", "internal/cli", true},
		{"cmd/qbiz", "internal/cli", false},
	}
	for _, tt := range tests {
		if got := violates(tt.from, tt.to) != ""; got != tt.bad {
			t.Errorf("violates(%s -> %s) = %v, want %v", tt.from, tt.to, got, tt.bad)
		}
	}
}
