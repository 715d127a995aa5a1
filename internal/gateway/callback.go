package gateway

import (
	"errors"
	"net/http"

	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/signin"
)

// callback completes an OIDC (or Identity Center) sign-in: the
// transaction of ?state= is taken once and must be this browser's, then
// oidcauth checks the response and redeems the code.
func (s *Server) callback(w http.ResponseWriter, r *http.Request) error {
	clearCookie(w, txCookie)
	q := r.URL.Query()
	if len(q["state"]) != 1 {
		return fail(http.StatusBadRequest, "this sign-in response is incomplete; sign in again", oidcauth.ErrInvalidCallback)
	}
	t, err := s.takePending(r, q.Get("state"))
	if err != nil {
		return s.signInRefused(r, "", err)
	}
	p, ok := s.idps[t.IdP]
	if !ok || p.saml() || t.OIDC == nil {
		return s.signInRefused(r, t.IdP, errNoTransaction)
	}
	rp, err := p.relyingParty(r.Context())
	if err != nil {
		return s.signInFailed(p, fail(http.StatusBadGateway, "the identity provider cannot be reached; try again later", err))
	}
	toks, err := rp.Complete(r.Context(), t.OIDC, q)
	if err != nil {
		return s.signInRefused(r, p.name, err)
	}
	e := p.withIdPSession(signin.OIDCEntry(p.profile.Mode, toks), toks.Claims)
	return s.establish(w, r, p, e, "", t.Return)
}

// signInRefused renders a rejected IdP answer: 4xx with a message a
// person can act on, never the cause.
func (s *Server) signInRefused(r *http.Request, idpName string, err error) error {
	s.m.signIn(idpName, "refused")
	msg := "the sign-in could not be completed; sign in again"
	switch {
	case errors.Is(err, errNoTransaction), errors.Is(err, errNotThisBrowser), errors.Is(err, oidcauth.ErrAccessDenied):
		msg = err.Error() + "; sign in again"
		if errors.Is(err, oidcauth.ErrAccessDenied) {
			msg = "the sign-in was declined at the identity provider"
		}
	case errors.Is(err, oidcauth.ErrAuthTime):
		msg = "your sign-in at the identity provider is older than this site accepts, or the identity provider " +
			"did not say when it was; sign in again, and enter your password at the identity provider if it asks"
	case errors.Is(err, oidcauth.ErrIdPUnreachable):
		return fail(http.StatusBadGateway, "the identity provider cannot be reached; try again later", err)
	case r.Context().Err() != nil:
		return err
	}
	var we *webError
	if errors.As(err, &we) {
		return err
	}
	return fail(http.StatusBadRequest, msg, err)
}

func (s *Server) signInFailed(p *idp, err error) error {
	s.m.signIn(p.name, "error")
	return err
}
