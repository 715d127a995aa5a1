// Package cli is qbiz's command line: one file per command. Every command
// takes its stdin, stdout, stderr and environment from Env, so commands run
// in-process in tests exactly as they do for a user.
package cli
