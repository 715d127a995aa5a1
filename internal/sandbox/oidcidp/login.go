package oidcidp

import (
	"net/http"
	"net/url"

	"github.com/qbiz/qbiz/internal/sandbox/loginform"
)

// maxLoginFailures ends a pending sign-in after this many wrong passwords.
const maxLoginFailures = 5

func (p *Provider) renderLogin(w http.ResponseWriter, status int, id, msg string) {
	loginform.Render(w, status, loginform.Page{
		Title:    "Sign in",
		Action:   p.path + "/authorize",
		Error:    msg,
		Remember: true,
		Hidden:   []loginform.Field{{Name: "request_id", Value: id}},
	})
}

// completeAuthorize checks the posted credentials for a pending request and
// redirects with a code, the state and iss (RFC 9207).
func (p *Provider) completeAuthorize(w http.ResponseWriter, r *http.Request) {
	form, e := readForm(r)
	if e != nil {
		renderError(w, e.Status, "The sign-in form is malformed: "+e.Description)
		return
	}
	id := form.Get("request_id")
	pa, ok := p.st.getPending(id, p.now())
	c, known := p.lookupClient(pa.clientID)
	if !ok || !known {
		renderError(w, http.StatusBadRequest, "This sign-in request is unknown or has expired. Start again from the application.")
		return
	}
	if form.Get("cancel") != "" {
		p.st.deletePending(id)
		p.redirectError(w, r, c, pa.redirectURI, pa.state, newErr(http.StatusBadRequest, "access_denied", "the user cancelled the sign-in"))
		return
	}
	user, ok := p.opts.Directory.Authenticate(form.Get("username"), form.Get("password"))
	if !ok {
		p.loginFailed(w, r, c, id, pa)
		return
	}
	p.st.deletePending(id)
	now := p.now()
	code, ok := p.st.putCode(pa, user.Subject, now, now, now.Add(p.opts.CodeTTL))
	if !ok {
		renderError(w, http.StatusServiceUnavailable, "Too many sign-ins in progress; try again later.")
		return
	}
	if form.Get("remember") != "" {
		p.remember(w, user.Subject, now)
	}
	p.log.Info("oidc sign-in", "client", c.ID, "user", user.Username)
	p.redirect(w, r, c, pa.redirectURI, url.Values{"code": {code}, "state": {pa.state}})
}

func (p *Provider) loginFailed(w http.ResponseWriter, r *http.Request, c Client, id string, pa pendingAuth) {
	p.log.Info("oidc sign-in failed", "client", c.ID)
	if p.st.recordFailure(id) >= maxLoginFailures {
		p.st.deletePending(id)
		p.redirectError(w, r, c, pa.redirectURI, pa.state, newErr(http.StatusBadRequest, "access_denied", "too many failed sign-in attempts"))
		return
	}
	p.renderLogin(w, http.StatusUnauthorized, id, "Invalid username or password.")
}

func (p *Provider) redirectError(w http.ResponseWriter, r *http.Request, c Client, redirectURI, state string, e *oauthError) {
	p.redirect(w, r, c, redirectURI, url.Values{"error": {e.Code}, "error_description": {e.Description}, "state": {state}})
}

// redirect sends the authorization response to a redirect URI that has
// already been matched, keeping its own query and adding iss.
func (p *Provider) redirect(w http.ResponseWriter, r *http.Request, c Client, redirectURI string, params url.Values) {
	u, err := url.Parse(redirectURI)
	if err != nil {
		renderError(w, http.StatusBadRequest, "The redirect_uri is invalid.")
		return
	}
	q := u.Query()
	for k, v := range params {
		if v[0] != "" {
			q.Set(k, v[0])
		}
	}
	switch c.Profile {
	case ProfileMissingIssInResponse:
	case ProfileWrongIssInResponse:
		q.Set("iss", EvilIssuer)
	default:
		q.Set("iss", p.opts.Issuer)
	}
	u.RawQuery = q.Encode()
	status := http.StatusFound
	if r.Method == http.MethodPost {
		status = http.StatusSeeOther
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, u.String(), status)
}
