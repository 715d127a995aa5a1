package oidcidp

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// grantRefresh rotates a refresh token (RFC 6749 §6, RFC 9700 §4.14.2): the
// presented token is spent, a new one is issued, and presenting a spent
// token again revokes the whole family.
func (p *Provider) grantRefresh(c Client, form url.Values) (map[string]any, *oauthError) {
	rt, e := requireParam(form, "refresh_token")
	if e != nil {
		return nil, e
	}
	g, e := p.st.rotateRefresh(rt, c.ID, form.Get("scope"), p.now())
	if e != nil {
		return nil, e
	}
	return p.issueTokens(c, g, "", true)
}

func (s *store) rotateRefresh(token, clientID, scope string, now time.Time) (grant, *oauthError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := s.refresh[token]
	if tok == nil || s.grants[tok.grantID] == nil {
		return grant{}, errInvalidGrant("the refresh token is invalid")
	}
	g := s.grants[tok.grantID]
	switch {
	case g.clientID != clientID:
		return grant{}, errInvalidGrant("the refresh token was issued to another client")
	case tok.used:
		s.revokeGrant(g.id)
		return grant{}, errInvalidGrant("the refresh token was already used; its token family is revoked")
	case g.revoked:
		return grant{}, errInvalidGrant("the refresh token has been revoked")
	case now.After(g.expires):
		return grant{}, errInvalidGrant("the refresh token has expired")
	}
	out := *g
	if scope != "" {
		if !scopeSubset(scope, g.scope) {
			return grant{}, newErr(http.StatusBadRequest, "invalid_scope", "scope exceeds the original grant")
		}
		out.scope = scope
	}
	tok.used = true
	return out, nil
}

func scopeSubset(requested, granted string) bool {
	for _, s := range strings.Fields(requested) {
		if !hasScope(granted, s) {
			return false
		}
	}
	return true
}
