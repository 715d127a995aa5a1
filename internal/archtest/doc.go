// Package archtest enforces the dependency rules of DESIGN.md §3 on the
// whole import graph of the module (every package and everything it
// depends on, as `go list -deps` reports it), not on direct imports alone:
// a rule broken through an intermediate package is reported with the chain
// of imports that breaks it, such as
// "internal/qchat -> internal/x -> internal/sandbox".
//
// The rules are data (see rules.go): which packages a rule constrains, and
// which packages they may not reach. A constrained package answers for what
// it reaches itself, so a violation is reported once, by the last
// constrained package on the chain, not by everything above it.
package archtest
