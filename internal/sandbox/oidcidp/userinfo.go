package oidcidp

import (
	"net/http"
	"strings"
	"time"
)

// handleUserinfo is the UserInfo endpoint (OIDC Core §5.3). The access token
// is accepted only in the Authorization header (RFC 6750 §2.1).
func (p *Provider) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodPost) {
		return
	}
	if r.URL.Query().Has("access_token") {
		bearerError(w, http.StatusBadRequest, "invalid_request", "send the access token in the Authorization header")
		return
	}
	token, ok := bearerToken(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="oidc"`)
		writeOAuthError(w, newErr(http.StatusUnauthorized, "invalid_token", "a bearer access token is required"))
		return
	}
	sub, ok := p.st.accessSubject(token, p.now())
	if !ok {
		bearerError(w, http.StatusUnauthorized, "invalid_token", "the access token is invalid, expired or revoked")
		return
	}
	user, ok := p.opts.Directory.BySubject(sub.subject)
	if !ok {
		bearerError(w, http.StatusUnauthorized, "invalid_token", "the user no longer exists")
		return
	}
	claims := map[string]any{
		"sub": user.Subject, "email": user.Email, "email_verified": true, "name": displayName(user),
		"preferred_username": user.Username, "groups": groupsOf(user),
	}
	if c, _ := p.lookupClient(sub.clientID); c.Profile == ProfileUserinfoWrongSub {
		claims["sub"] = "other-" + user.Subject
	}
	writeJSON(w, http.StatusOK, claims)
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return "", false
	}
	return token, true
}

func bearerError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="oidc", error="`+code+`", error_description="`+desc+`"`)
	writeOAuthError(w, newErr(status, code, "%s", desc))
}

type tokenOwner struct{ subject, clientID string }

// accessSubject resolves a live access token (openid scope) to its owner.
func (s *store) accessSubject(token string, now time.Time) (tokenOwner, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.access[token]
	if at == nil || now.After(at.expires) || !hasScope(at.scope, "openid") {
		return tokenOwner{}, false
	}
	g := s.liveGrant(at.grantID, now)
	if g == nil {
		return tokenOwner{}, false
	}
	return tokenOwner{subject: g.subject, clientID: g.clientID}, true
}
