package archtest

import (
	"path"
	"strings"
)

// Rule is one dependency rule: the packages of the main module it
// constrains, and which packages those may not reach.
type Rule struct {
	Name    string
	Why     string
	Applies func(p *Package) bool        // a package of the main module the rule constrains
	Forbids func(from, to *Package) bool // to may not be reached from from
	Direct  bool                         // only direct imports count
}

// Roots of the main module the rules speak about, as paths inside it.
const (
	sandbox = "internal/sandbox"
	cli     = "internal/cli"
	demo    = "internal/demo"
	gateway = "internal/gateway"
	cmdQbiz = "cmd/qbiz"
)

// Embedders may import the sandbox: the CLI (qbiz sandbox), the demo, and
// the gateway's --sandbox wiring, which lives in its own package so that
// the gateway itself stays free of the sandbox.
var Embedders = []string{cli, demo, gateway + "/sandboxwiring"}

// Leaves are the inner packages: they never reach the composition roots
// (cli, demo, gateway) or the sandbox. Packages not yet written are listed
// too; a root that does not exist constrains nothing.
var Leaves = []string{
	"internal/identity", "internal/oidcauth", "internal/samlauth", "internal/awscreds",
	"internal/tokencache", "internal/qchat", "internal/loopback", "internal/config",
	"internal/logging", "internal/httpclient", "internal/atomicfile", "internal/chatui", "internal/signin",
	"internal/gateway", "internal/session", "internal/provision", "internal/groupsync", "internal/mcpserver",
}

// Components are the leaves that signin composes; none reaches another.
var Components = []string{
	"internal/oidcauth", "internal/samlauth", "internal/awscreds", "internal/tokencache", "internal/qchat",
}

// Rules are the rules of DESIGN.md §3.
var Rules = []*Rule{
	{
		Name:    "sandbox-independent",
		Why:     "the sandbox imports no production package, so it stays an independent check",
		Applies: func(p *Package) bool { return under(p, sandbox) },
		Forbids: func(_, to *Package) bool { return to.Ours() && !under(to, sandbox) },
	},
	{
		Name:    "no-test-code",
		Why:     "production code never imports testing or a *test package",
		Applies: func(p *Package) bool { return !isTestPackage(p) },
		Forbids: func(_, to *Package) bool { return isTestPackage(to) },
	},
	{
		Name:    "identity-stdlib-only",
		Why:     "identity is the domain vocabulary: the standard library only",
		Applies: func(p *Package) bool { return under(p, "internal/identity") },
		Forbids: func(_, to *Package) bool { return !to.Standard && !under(to, "internal/identity") },
	},
	{
		Name:    "leaves-inward",
		Why:     "leaves never reach cli, demo, gateway or the sandbox",
		Applies: func(p *Package) bool { return underAny(p, Leaves) && !underAny(p, Embedders) },
		Forbids: func(from, to *Package) bool {
			for _, root := range []string{cli, demo, gateway, sandbox} {
				if under(to, root) && !under(from, root) {
					return true
				}
			}
			return false
		},
	},
	{
		Name:    "components-apart",
		Why:     "the components signin composes do not import each other",
		Applies: func(p *Package) bool { return underAny(p, Components) },
		Forbids: func(from, to *Package) bool {
			return underAny(to, Components) && component(from) != component(to)
		},
	},
	{
		Name:    "sandbox-embedders",
		Why:     "only cli, demo and the gateway's --sandbox wiring import the sandbox",
		Applies: func(p *Package) bool { return !under(p, sandbox) && !underAny(p, Embedders) },
		Forbids: func(_, to *Package) bool { return under(to, sandbox) },
		Direct:  true, // what an embedder imports is not its importer's doing
	},
	{
		Name:    "gateway-cli-apart",
		Why:     "gateway and cli never import each other",
		Applies: func(p *Package) bool { return under(p, gateway) || under(p, cli) },
		Forbids: func(from, to *Package) bool {
			return under(from, gateway) && under(to, cli) || under(from, cli) && under(to, gateway)
		},
	},
	{
		Name:    "cli-is-root",
		Why:     "the CLI is a composition root: nothing but cmd/qbiz imports it",
		Applies: func(p *Package) bool { return p.Rel != cmdQbiz && !under(p, cli) },
		Forbids: func(_, to *Package) bool { return under(to, cli) },
	},
}

// under reports whether p is the package root of the main module or one
// below it.
func under(p *Package, root string) bool {
	return p.Rel == root || strings.HasPrefix(p.Rel, root+"/")
}

func underAny(p *Package, roots []string) bool {
	for _, r := range roots {
		if under(p, r) {
			return true
		}
	}
	return false
}

func component(p *Package) string {
	for _, c := range Components {
		if under(p, c) {
			return c
		}
	}
	return ""
}

// isTestPackage reports whether p is testing, a package under testing/, or
// any other package whose name ends in "test" (gatetest, sandboxtest,
// httptest), except the standard library's internal ones (internal/synctest
// is part of net/http).
func isTestPackage(p *Package) bool {
	if p.Path == "testing" || strings.HasPrefix(p.Path, "testing/") {
		return true
	}
	internal := strings.HasPrefix(p.Path, "internal/") || strings.Contains(p.Path, "/internal/")
	return strings.HasSuffix(path.Base(p.Path), "test") && !(p.Standard && internal)
}
