// Package corpus holds the sandbox's demo documents (the ACME and AnyOrgApp
// project wikis and public company policies, with their ACLs) and a
// deterministic generator of synthetic documents for benchmarks.
package corpus
