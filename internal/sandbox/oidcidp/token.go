package oidcidp

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// handleToken is the token endpoint (RFC 6749 §3.2).
func (p *Provider) handleToken(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodPost) {
		return
	}
	resp, e := p.token(r)
	if e != nil {
		p.log.Info("oidc token request refused", "error", e.Code, "reason", e.Description)
		writeOAuthError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (p *Provider) token(r *http.Request) (map[string]any, *oauthError) {
	form, c, e := p.clientForm(r)
	if e != nil {
		return nil, e
	}
	switch gt := form.Get("grant_type"); gt {
	case "":
		return nil, errInvalidRequest("grant_type is required")
	case grantAuthorizationCode:
		return p.grantCode(c, form)
	case grantRefreshToken:
		return p.grantRefresh(c, form)
	case grantDeviceCode:
		return p.grantDevice(c, form)
	default:
		return nil, newErr(http.StatusBadRequest, "unsupported_grant_type", "grant_type %q is not supported", truncate(gt))
	}
}

// issueTokens mints an access token, a refresh token and (for openid
// scope) an ID token for a live grant of a user still enabled.
func (p *Provider) issueTokens(c Client, g grant, nonce string, refresh bool) (map[string]any, *oauthError) {
	user, ok := p.opts.Directory.BySubject(g.subject)
	if !ok {
		return nil, errInvalidGrant("the user no longer exists")
	}
	if user.Disabled {
		return nil, errInvalidGrant("the user is disabled")
	}
	now := p.now()
	at, rt, ok := p.st.addTokens(&g, g.scope, now, now.Add(p.opts.AccessTokenTTL), true)
	if !ok {
		return nil, newErr(http.StatusServiceUnavailable, "temporarily_unavailable", "too many tokens outstanding")
	}
	resp := map[string]any{
		"access_token":  at,
		"token_type":    "Bearer",
		"expires_in":    int64(p.opts.AccessTokenTTL.Seconds()),
		"refresh_token": rt,
		"scope":         g.scope,
	}
	if left := g.expires.Sub(now); left > 0 {
		resp["refresh_expires_in"] = int64(left / time.Second) // as Keycloak says when the session ends
	}
	if hasScope(g.scope, "openid") {
		in := idTokenInput{client: c, user: user, authTime: g.authTime, nonce: nonce, accessToken: at, refresh: refresh}
		idt, err := p.signIDToken(c.Profile, p.idTokenClaims(in))
		if err != nil {
			p.log.Error("oidc sign id token", "err", err)
			return nil, errServer("cannot sign the ID token")
		}
		resp["id_token"] = idt
	}
	return resp, nil
}

func hasScope(scope, want string) bool { return slices.Contains(strings.Fields(scope), want) }

// requireParam returns the named parameter or an invalid_request error.
func requireParam(form url.Values, name string) (string, *oauthError) {
	v := form.Get(name)
	if v == "" {
		return "", errInvalidRequest("%s is required", name)
	}
	return v, nil
}

// refreshTTL is the refresh lifetime of c's grants.
func (p *Provider) refreshTTL(c Client) time.Duration {
	if c.RefreshTokenTTL > 0 {
		return c.RefreshTokenTTL
	}
	return p.opts.RefreshTokenTTL
}
