package archtest

import (
	"maps"
	"slices"
	"strings"
)

// Violation is one rule broken by one chain of imports.
type Violation struct {
	Rule  *Rule
	Chain []*Package // from the constrained package to the forbidden one
}

// String renders the chain as "a -> b -> c".
func (v Violation) String() string {
	names := make([]string, len(v.Chain))
	for i, p := range v.Chain {
		names[i] = p.Name()
	}
	return strings.Join(names, " -> ")
}

// Check applies every rule to every package of the main module.
func Check(g *Graph, rules []*Rule) []Violation {
	var out []Violation
	for _, r := range rules {
		for _, path := range slices.Sorted(maps.Keys(g.Packages)) {
			p := g.Packages[path]
			if p.Ours() && r.Applies(p) {
				out = append(out, walk(g, r, p)...)
			}
		}
	}
	return out
}

// walk searches breadth-first from one constrained package, so each
// forbidden package is reported with its shortest chain. It does not go
// past a forbidden package, nor past another package the rule constrains
// (that one reports what it reaches itself), nor past the first step of
// a rule on direct imports.
func walk(g *Graph, r *Rule, from *Package) []Violation {
	parent := map[*Package]*Package{from: nil}
	queue := []*Package{from}
	var out []Violation
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p != from {
			if r.Forbids(from, p) {
				out = append(out, Violation{Rule: r, Chain: chain(parent, p)})
				continue
			}
			if r.Direct || (p.Ours() && r.Applies(p)) {
				continue
			}
		}
		for _, imp := range p.Imports {
			q, ok := g.Packages[imp]
			if _, seen := parent[q]; ok && !seen {
				parent[q] = p
				queue = append(queue, q)
			}
		}
	}
	return out
}

func chain(parent map[*Package]*Package, p *Package) []*Package {
	var c []*Package
	for ; p != nil; p = parent[p] {
		c = append(c, p)
	}
	slices.Reverse(c)
	return c
}
