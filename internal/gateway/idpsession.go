package gateway

import (
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// withIdPSession bounds an OIDC sign-in by the IdP session it came from:
// the IdP's max_age after the user authenticated there (auth_time, or
// the token's iat when it does not say). The session ends then at the
// latest (sessionEnd), and no credentials are minted for it afterwards.
func (p *idp) withIdPSession(e tokencache.Entry, c oidcauth.Claims) tokencache.Entry {
	if p.maxAge <= 0 {
		return e
	}
	start := c.AuthTime
	if start.IsZero() {
		start = c.IssuedAt
	}
	end := start.Add(p.maxAge)
	if e.IdPSessionExpiry.IsZero() || end.Before(e.IdPSessionExpiry) {
		e.IdPSessionExpiry = end
	}
	return e
}
