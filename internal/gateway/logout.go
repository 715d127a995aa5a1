package gateway

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/session"
)

const (
	logoutPath = "/logout"
	// revokeTimeout bounds asking the IdP to revoke the refresh token.
	revokeTimeout = 5 * time.Second
)

// logout ends the request's session (it has passed the CSRF checks):
// the refresh token is revoked at the IdP where it can be (best effort,
// bounded), the session and its sealed tokens are deleted, the cookie
// expired and the browser told to clear what it kept (WEB-04).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	sess := sessionFrom(r.Context())
	if sess == nil {
		return fail(http.StatusUnauthorized, "you are not signed in", nil)
	}
	s.revoke(r.Context(), sess)
	if err := s.deleteSession(context.WithoutCancel(r.Context()), sess.ID); err != nil {
		return errStoreUnavailable(err)
	}
	clearCookie(w, sessionCookie)
	w.Header().Set("Clear-Site-Data", `"cache","cookies","storage"`)
	w.WriteHeader(http.StatusNoContent)
	s.log.InfoContext(r.Context(), "signed out", "idp", sess.IdP, "issuer", sess.User.Issuer, "subject", sess.User.Subject)
	return nil
}

// revoke asks the session's IdP to revoke its refresh token; a failure
// is logged, the logout goes on.
func (s *Server) revoke(ctx context.Context, sess *session.Session) {
	p := s.idps[sess.IdP]
	e, err := s.unseal(sess)
	if err != nil || p == nil || p.saml() || e.RefreshToken.IsZero() {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), revokeTimeout)
	defer cancel()
	rp, err := p.relyingParty(ctx)
	if err == nil {
		err = rp.Revoke(ctx, e.RefreshToken.Reveal())
	}
	if err != nil && !errors.Is(err, oidcauth.ErrUnsupported) {
		s.log.WarnContext(ctx, "revoke refresh token at logout", "idp", p.name, "err", err)
	}
}
