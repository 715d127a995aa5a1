package gateway

import (
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// withIdPSession bounds an OIDC sign-in by the IdP session it came from:
// the IdP's max_age after the user authenticated there (auth_time, which
// the relying party requires of the ID token whenever max_age is set).
// The session ends then at the latest (sessionEnd), and no credentials
// are minted for it afterwards.
func (p *idp) withIdPSession(e tokencache.Entry, c oidcauth.Claims) tokencache.Entry {
	if p.maxAge <= 0 {
		return e
	}
	end := c.AuthTime.Add(p.maxAge)
	if e.IdPSessionExpiry.IsZero() || end.Before(e.IdPSessionExpiry) {
		e.IdPSessionExpiry = end
	}
	return e
}
