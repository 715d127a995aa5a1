package gateway

import (
	"net/http"
	"net/url"

	"github.com/qbiz/qbiz/internal/session"
)

const loginPath = "/login"

// login starts a sign-in at the IdP named by ?idp= (the only one when
// there is one): the transaction goes to the store, its binding to the
// browser's tx cookie, and the browser to the IdP.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := s.chosenIdP(q)
	if err != nil {
		return err
	}
	binding, err := session.NewID(s.d.Random)
	if err != nil {
		return err
	}
	t := &pending{IdP: p.name, Return: returnPath(q.Get("return")), Binding: binding}
	to, state, err := s.begin(r, p, t)
	if err != nil {
		s.m.signIn(p.name, "idp_unavailable")
		return fail(http.StatusBadGateway, "the identity provider cannot be reached; try again later", err)
	}
	if err := s.putPending(r.Context(), state, t); err != nil {
		return fail(http.StatusServiceUnavailable, "sign-in is unavailable; try again later", err)
	}
	setCookie(w, txCookie, binding, txTTL)
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusSeeOther)
	return nil
}

// chosenIdP is the IdP a sign-in request names.
func (s *Server) chosenIdP(q url.Values) (*idp, error) {
	name := q.Get("idp")
	if name == "" && len(s.order) == 1 {
		return s.order[0], nil
	}
	if p, ok := s.idps[name]; ok && len(q["idp"]) == 1 {
		return p, nil
	}
	return nil, fail(http.StatusBadRequest, "choose an identity provider to sign in with", nil)
}

// begin builds the IdP request; it returns where to send the browser and
// the value the IdP will send back (state or RelayState).
func (s *Server) begin(r *http.Request, p *idp, t *pending) (to, state string, err error) {
	if p.saml() {
		sp, err := p.serviceProvider(r.Context())
		if err != nil {
			return "", "", err
		}
		req, err := sp.Begin()
		if err != nil {
			return "", "", err
		}
		t.SAML = req
		return req.URL, req.RelayState, nil
	}
	rp, err := p.relyingParty(r.Context())
	if err != nil {
		return "", "", err
	}
	to, tx, err := rp.Begin(p.redirectURL)
	if err != nil {
		return "", "", err
	}
	t.OIDC = tx
	return to, tx.State, nil
}
