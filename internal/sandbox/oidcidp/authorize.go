package oidcidp

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// authRequest is a validated authorization request.
type authRequest struct {
	client                                      Client
	redirectURI, state, nonce, challenge, scope string
}

// parseAuthorize validates an authorization request (RFC 6749 §4.1.1,
// RFC 7636, OIDC Core §3.1.2.1). pageErr is set when the client or redirect
// URI cannot be trusted, so the error must not be redirected (RFC 6749
// §4.1.2.1); otherwise redirErr is sent back to the client's redirect URI.
func (p *Provider) parseAuthorize(q url.Values) (req authRequest, pageErr string, redirErr *oauthError) {
	c, ok := p.lookupClient(q.Get("client_id"))
	if !ok {
		return req, "The application (client_id) is unknown.", nil
	}
	req.client, req.redirectURI = c, q.Get("redirect_uri")
	if req.redirectURI == "" || !c.redirectAllowed(req.redirectURI) {
		return req, "The redirect_uri is not registered for this application.", nil
	}
	req.state, req.nonce, req.scope = q.Get("state"), q.Get("nonce"), q.Get("scope")
	req.challenge = q.Get("code_challenge")
	return req, "", checkAuthorizeParams(q, c)
}

func checkAuthorizeParams(q url.Values, c Client) *oauthError {
	switch {
	case q.Get("response_type") != "code":
		return newErr(http.StatusBadRequest, "unsupported_response_type", "response_type must be code")
	case q.Has("response_mode") && q.Get("response_mode") != "query":
		return errInvalidRequest("response_mode must be query")
	case q.Has("request"):
		return newErr(http.StatusBadRequest, "request_not_supported", "request objects are not supported")
	case q.Has("request_uri"):
		return newErr(http.StatusBadRequest, "request_uri_not_supported", "request_uri is not supported")
	case !slices.Contains(strings.Fields(q.Get("scope")), "openid"):
		return newErr(http.StatusBadRequest, "invalid_scope", "scope must include openid")
	case !validMaxAge(q):
		return errInvalidRequest("max_age must be a non-negative number of seconds")
	case noneWithOthers(strings.Fields(q.Get("prompt"))):
		return errInvalidRequest("prompt=none cannot be combined with other values")
	}
	return checkPKCEParams(q, c)
}

// noneWithOthers: prompt holds none and another value, an error (OIDC
// Core §3.1.2.1).
func noneWithOthers(prompt []string) bool {
	return len(prompt) > 1 && slices.Contains(prompt, "none")
}

func checkPKCEParams(q url.Values, c Client) *oauthError {
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case challenge == "" && method != "":
		return errInvalidRequest("code_challenge_method without code_challenge")
	case challenge == "" && c.Public():
		return errInvalidRequest("PKCE (code_challenge with S256) is required for public clients")
	case challenge == "":
		return nil
	case method != "S256":
		return errInvalidRequest("code_challenge_method must be S256; plain is not supported")
	case !validChallenge(challenge):
		return errInvalidRequest("code_challenge must be 43 base64url characters")
	}
	return nil
}

func validChallenge(s string) bool {
	return len(s) == 43 && strings.IndexFunc(s, func(r rune) bool { return !isBase64URL(r) }) < 0
}

func isBase64URL(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

// handleAuthorize shows the login form (GET) or signs the user in (POST).
func (p *Provider) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		p.startAuthorize(w, r)
	case http.MethodPost:
		p.completeAuthorize(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		renderError(w, http.StatusMethodNotAllowed, "Method not allowed.")
	}
}

func (p *Provider) startAuthorize(w http.ResponseWriter, r *http.Request) {
	q, e := parseQuery(r)
	if e != nil {
		renderError(w, e.Status, "The sign-in request is malformed: "+e.Description)
		return
	}
	req, pageErr, redirErr := p.parseAuthorize(q)
	if pageErr != "" {
		renderError(w, http.StatusBadRequest, pageErr)
		return
	}
	if redirErr != nil {
		p.redirectError(w, r, req.client, req.redirectURI, req.state, redirErr)
		return
	}
	if sess, ok := p.reusable(r, q); ok {
		p.signInSilently(w, r, req, sess)
		return
	}
	if slices.Contains(strings.Fields(q.Get("prompt")), "none") {
		p.redirectError(w, r, req.client, req.redirectURI, req.state,
			newErr(http.StatusBadRequest, "login_required", "no session; interactive sign-in required"))
		return
	}
	id, ok := p.st.putPending(req, p.now().Add(pendingTTL), p.now())
	if !ok {
		renderError(w, http.StatusServiceUnavailable, "Too many sign-ins in progress; try again later.")
		return
	}
	p.renderLogin(w, http.StatusOK, id, "")
}
