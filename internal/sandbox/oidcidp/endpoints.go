package oidcidp

import "net/http"

// endpoints is the provider's endpoint table, by path under the issuer's;
// New builds it.
func (p *Provider) endpoints() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"/.well-known/openid-configuration": p.handleDiscovery,
		"/jwks":                             p.handleJWKS,
		"/authorize":                        p.handleAuthorize,
		"/token":                            p.handleToken,
		"/device/code":                      p.handleDeviceCode,
		"/device":                           p.handleDevice,
		"/userinfo":                         p.handleUserinfo,
		"/logout":                           p.handleLogout,
		"/revoke":                           p.handleRevoke,
	}
}
