//go:build !mutant_novary

package api

import "net/http"

// cachePolicy leaves the gateway's Cache-Control: no-store and Vary:
// Cookie as they are. (The isolation soak's mutants replace this
// function; see e2e/isolation_*.)
func cachePolicy(h http.Handler) http.Handler { return h }
