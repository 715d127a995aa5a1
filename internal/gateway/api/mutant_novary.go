//go:build mutant_novary

package api

import "net/http"

// MUTANT for the isolation soak (never built by default): the API's
// answers made cacheable by a shared cache, without Vary: Cookie (as the
// caching rule of Steam's 2015 incident did).
func cachePolicy(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Del("Vary")
			w.Header().Set("Cache-Control", "public, max-age=60")
		}
		h.ServeHTTP(w, r)
	})
}
