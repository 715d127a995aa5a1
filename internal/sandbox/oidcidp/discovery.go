package oidcidp

import "net/http"

// Grant types the token endpoint accepts.
const (
	grantAuthorizationCode = "authorization_code"
	grantRefreshToken      = "refresh_token"
	grantDeviceCode        = "urn:ietf:params:oauth:grant-type:device_code"
)

func (p *Provider) discovery() map[string]any {
	authMethods := []string{"client_secret_basic", "client_secret_post", "none"}
	return map[string]any{
		"issuer":                                p.opts.Issuer,
		"authorization_endpoint":                p.endpoint("/authorize"),
		"token_endpoint":                        p.endpoint("/token"),
		"userinfo_endpoint":                     p.endpoint("/userinfo"),
		"jwks_uri":                              p.endpoint("/jwks"),
		"end_session_endpoint":                  p.endpoint("/logout"),
		"revocation_endpoint":                   p.endpoint("/revoke"),
		"device_authorization_endpoint":         p.endpoint("/device/code"),
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query"},
		"grant_types_supported":                 []string{grantAuthorizationCode, grantRefreshToken, grantDeviceCode},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "email", "profile", "groups", "offline_access"},
		"claims_supported": []string{"iss", "sub", "aud", "azp", "exp", "iat", "auth_time", "nonce", "at_hash",
			"email", "email_verified", "name", "preferred_username", "groups", TagsClaim},
		"token_endpoint_auth_methods_supported":          authMethods,
		"revocation_endpoint_auth_methods_supported":     authMethods,
		"code_challenge_methods_supported":               []string{"S256"},
		"authorization_response_iss_parameter_supported": true,
		"request_parameter_supported":                    false,
		"request_uri_parameter_supported":                false,
		"claims_parameter_supported":                     false,
	}
}

func (p *Provider) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	writeJSON(w, http.StatusOK, p.discovery())
}

func (p *Provider) handleJWKS(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	b, err := p.keys.jwksJSON(p.anyClientHas(ProfileJWKSUnknownKeyType))
	if err != nil {
		writeOAuthError(w, errServer("cannot render keys"))
		return
	}
	w.Header().Set("Content-Type", "application/jwk-set+json")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// allowMethods answers 405 with an Allow header when r's method is not listed.
func allowMethods(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	allow := ""
	for i, m := range methods {
		if i > 0 {
			allow += ", "
		}
		allow += m
	}
	w.Header().Set("Allow", allow)
	writeOAuthError(w, newErr(http.StatusMethodNotAllowed, "invalid_request", "method %s not allowed", r.Method))
	return false
}
