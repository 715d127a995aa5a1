package gateway

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/signin"
)

// resubmitField marks the ACS post our own page made.
const resubmitField = "qbiz_resubmit"

// acs completes a SAML sign-in. The IdP's post is cross-site, so a
// browser withholds the SameSite=Lax tx cookie from it: that post is
// answered with a page that posts the same form again from our own
// origin, where the cookie is sent, and nothing is consumed until then.
func (s *Server) acs(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fail(http.StatusBadRequest, "this sign-in response is malformed; sign in again", err)
	}
	f := r.PostForm
	relay := f["RelayState"]
	if len(relay) != 1 || len(f["SAMLResponse"]) != 1 {
		return s.signInRefused(r, "", fail(http.StatusBadRequest,
			"this sign-in response does not answer a sign-in started here; sign in again", samlauth.ErrRelayState))
	}
	if cookieValue(r, txCookie) == "" && f.Get(resubmitField) == "" {
		return s.resubmit(w, r, f.Get("SAMLResponse"), relay[0])
	}
	clearCookie(w, txCookie)
	t, err := s.takePending(r, relay[0])
	if err != nil {
		return s.signInRefused(r, "", err)
	}
	p, ok := s.idps[t.IdP]
	if !ok || !p.saml() || t.SAML == nil {
		return s.signInRefused(r, t.IdP, errNoTransaction)
	}
	sp, err := p.serviceProvider(r.Context())
	if err != nil {
		return s.signInFailed(p, fail(http.StatusBadGateway, "the identity provider cannot be reached; try again later", err))
	}
	f.Del(resubmitField)
	res, err := sp.Complete(t.SAML, f)
	if err != nil {
		return s.signInRefused(r, p.name, samlRefusal(err))
	}
	return s.establish(w, r, p, signin.SAMLEntry(p.profile.Mode, res), res.Assertion, t.Return)
}

// samlRefusal words a rejected response for the person.
func samlRefusal(err error) error {
	msg := "the identity provider's answer was refused; sign in again"
	switch {
	case errors.Is(err, samlauth.ErrReplay):
		msg = "this sign-in response was already used; sign in again"
	case errors.Is(err, samlauth.ErrExpired):
		msg = "the sign-in took too long; sign in again"
	case errors.Is(err, samlauth.ErrNotYetValid):
		msg = "the sign-in response is not valid yet; check the clocks"
	case errors.Is(err, samlauth.ErrStatus):
		msg = "the identity provider reported the sign-in as failed"
	}
	return fail(http.StatusBadRequest, msg, err)
}

var resubmitPage = template.Must(template.New("resubmit").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body><form id="f" method="post" action="/saml/acs">
<input type="hidden" name="SAMLResponse" value="{{.Response}}">
<input type="hidden" name="RelayState" value="{{.Relay}}">
<input type="hidden" name="qbiz_resubmit" value="1">
<noscript><button type="submit">Continue</button></noscript>
</form><script nonce="{{.Nonce}}">document.getElementById("f").submit()</script></body></html>`))

// resubmit answers the IdP's cross-site post with a same-origin post of
// the same fields.
func (s *Server) resubmit(w http.ResponseWriter, r *http.Request, response, relay string) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return resubmitPage.Execute(w, struct{ Response, Relay, Nonce string }{response, relay, Nonce(r.Context())})
}
