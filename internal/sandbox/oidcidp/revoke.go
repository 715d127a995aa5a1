package oidcidp

import "net/http"

// handleRevoke is RFC 7009 token revocation. Revoking a refresh token
// revokes its whole family; unknown tokens are answered with 200.
func (p *Provider) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodPost) {
		return
	}
	form, c, e := p.clientForm(r)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	token, e := requireParam(form, "token")
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	if !p.st.revokeToken(token, c.ID) {
		writeOAuthError(w, errInvalidRequest("the token was not issued to this client"))
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// revokeToken revokes a refresh token's family or one access token. It
// reports false when the token belongs to another client.
func (s *store) revokeToken(token, clientID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rt := s.refresh[token]; rt != nil {
		g := s.grants[rt.grantID]
		if g != nil && g.clientID != clientID {
			return false
		}
		s.revokeGrant(rt.grantID)
		return true
	}
	if at := s.access[token]; at != nil {
		g := s.grants[at.grantID]
		if g != nil && g.clientID != clientID {
			return false
		}
		delete(s.access, token)
	}
	return true
}

// revokeSubject revokes every grant of subject at client (logout), or at
// every client when clientID is "".
func (s *store) revokeSubject(subject, clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.grants {
		if g.subject == subject && (clientID == "" || g.clientID == clientID) {
			g.revoked = true
		}
	}
}
