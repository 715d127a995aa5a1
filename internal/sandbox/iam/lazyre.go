package iam

import (
	"regexp"
	"sync"
)

// lazyRegexp returns a function that compiles expr on its first call.
// The sandbox is linked into the qbiz binary, so patterns compiled at
// package initialisation would slow down every command, not just the
// ones that serve this API.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
