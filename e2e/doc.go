// Package e2e holds qbiz's end-to-end tests: the CLI, in-process through
// cli.Main and as the built binary, against the offline sandbox.
package e2e
