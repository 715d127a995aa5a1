package samlidp

import "net/http"

// endpoints is the IdP's endpoint table, by path under the base path; New
// builds it.
func (i *IdP) endpoints() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"/metadata": i.serveMetadata,
		"/sso":      i.serveSSO,
		"/login":    i.serveLogin,
	}
}
