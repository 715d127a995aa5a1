package oidcidp

import (
	"net/http"
	"net/url"
)

// handleLogout is RP-initiated logout (OpenID RP-Initiated Logout 1.0). A
// valid id_token_hint revokes the user's tokens at that client;
// post_logout_redirect_uri must match a registered URI exactly.
func (p *Provider) handleLogout(w http.ResponseWriter, r *http.Request) {
	params, e := logoutParams(r)
	if e != nil {
		renderError(w, e.Status, "The logout request is malformed: "+e.Description)
		return
	}
	c, sub, msg := p.logoutClient(params)
	if msg != "" {
		renderError(w, http.StatusBadRequest, msg)
		return
	}
	if sub != "" {
		p.st.revokeSubject(sub, c.ID)
	}
	target := params.Get("post_logout_redirect_uri")
	if target == "" {
		renderMessage(w, http.StatusOK, "Signed out", "You have been signed out.")
		return
	}
	u, err := url.Parse(target)
	if err != nil {
		renderError(w, http.StatusBadRequest, "post_logout_redirect_uri is invalid.")
		return
	}
	if st := params.Get("state"); st != "" {
		q := u.Query()
		q.Set("state", st)
		u.RawQuery = q.Encode()
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

func logoutParams(r *http.Request) (url.Values, *oauthError) {
	switch r.Method {
	case http.MethodGet:
		return parseQuery(r)
	case http.MethodPost:
		return readForm(r)
	}
	return nil, newErr(http.StatusMethodNotAllowed, "invalid_request", "use GET or POST")
}

// logoutClient resolves the client from client_id and/or id_token_hint and
// checks the post-logout redirect. msg is a user-facing error.
func (p *Provider) logoutClient(q url.Values) (c Client, sub, msg string) {
	clientID := q.Get("client_id")
	if hint := q.Get("id_token_hint"); hint != "" {
		claims, err := p.verifyOwnToken(hint)
		if err != nil {
			return c, "", "The id_token_hint is not a token this provider issued."
		}
		aud, _ := claims["aud"].(string)
		if clientID != "" && aud != clientID {
			return c, "", "The id_token_hint was issued to another application."
		}
		clientID = aud
		sub, _ = claims["sub"].(string)
	}
	target := q.Get("post_logout_redirect_uri")
	if clientID == "" {
		if target != "" {
			return c, "", "post_logout_redirect_uri needs client_id or id_token_hint."
		}
		return c, "", ""
	}
	c, ok := p.lookupClient(clientID)
	if !ok {
		return c, "", "The application (client_id) is unknown."
	}
	if target != "" && !c.postLogoutAllowed(target) {
		return c, "", "The post_logout_redirect_uri is not registered for this application."
	}
	return c, sub, ""
}
