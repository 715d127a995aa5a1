package oidcidp

import (
	"net/http"
	"net/url"
)

// authenticateClient identifies and authenticates the client of a back-channel
// request: client_secret_basic (RFC 6749 §2.3.1, form-encoded id and secret),
// client_secret_post, or client_id alone for public clients. Using two
// methods at once is refused.
// clientForm reads a back-channel request's form and authenticates the
// client that sent it (token, device authorization, revocation).
func (p *Provider) clientForm(r *http.Request) (url.Values, Client, *oauthError) {
	form, e := readForm(r)
	if e != nil {
		return nil, Client{}, e
	}
	c, e := p.authenticateClient(r, form)
	return form, c, e
}

func (p *Provider) authenticateClient(r *http.Request, form url.Values) (Client, *oauthError) {
	id, secret, basic, err := clientCredentials(r, form)
	if err != nil {
		return Client{}, err
	}
	c, ok := p.lookupClient(id)
	if !ok {
		return Client{}, errInvalidClient(basic, "client authentication failed")
	}
	if c.Public() {
		if secret != "" {
			return Client{}, errInvalidClient(basic, "client authentication failed")
		}
		return c, nil
	}
	if secret == "" || !c.secretMatches(secret) {
		return Client{}, errInvalidClient(basic, "client authentication failed")
	}
	return c, nil
}

func clientCredentials(r *http.Request, form url.Values) (id, secret string, basic bool, e *oauthError) {
	if _, ok := r.Header["Authorization"]; !ok {
		id = form.Get("client_id")
		if id == "" {
			return "", "", false, errInvalidClient(false, "client_id is required")
		}
		return id, form.Get("client_secret"), false, nil
	}
	user, pass, ok := r.BasicAuth()
	if !ok {
		return "", "", true, errInvalidClient(true, "Authorization must be HTTP Basic client credentials")
	}
	uid, err1 := url.QueryUnescape(user)
	usec, err2 := url.QueryUnescape(pass)
	if err1 != nil || err2 != nil || uid == "" {
		return "", "", true, errInvalidClient(true, "malformed client credentials")
	}
	if form.Has("client_secret") {
		return "", "", true, errInvalidRequest("use only one client authentication method")
	}
	if form.Has("client_id") && form.Get("client_id") != uid {
		return "", "", true, errInvalidRequest("client_id does not match the authenticated client")
	}
	return uid, usec, true, nil
}
