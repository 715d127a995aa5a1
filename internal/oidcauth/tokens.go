package oidcauth

import (
	"log/slog"
	"time"

	"golang.org/x/oauth2"
)

// Tokens is the outcome of a sign-in or refresh. IDToken is the raw, verified
// JWT (relayed to STS or sso-oidc); Claims are its verified claims.
type Tokens struct {
	IDToken      string
	Claims       Claims
	AccessToken  string
	RefreshToken string
	Expiry       time.Time // access token expiry; zero when unknown
	// RefreshExpiry is when the refresh token (and with it the IdP
	// session) ends, when the token response says (refresh_expires_in);
	// zero when unknown.
	RefreshExpiry time.Time
}

// LogValue keeps tokens out of logs.
func (t *Tokens) LogValue() slog.Value {
	return slog.GroupValue(slog.String("iss", t.Claims.Issuer), slog.String("sub", t.Claims.Subject),
		slog.Time("expiry", t.Expiry), slog.Bool("refreshable", t.RefreshToken != ""))
}

// String keeps tokens out of %v formatting.
func (t *Tokens) String() string {
	return "oidcauth.Tokens{iss=" + t.Claims.Issuer + " sub=" + t.Claims.Subject + "}"
}

func (rp *RelyingParty) tokens(tok *oauth2.Token, rawID string, c Claims) *Tokens {
	return &Tokens{IDToken: rawID, Claims: c, AccessToken: tok.AccessToken,
		RefreshToken: tok.RefreshToken, Expiry: rp.expiry(tok), RefreshExpiry: rp.refreshExpiry(tok)}
}

// expiry recomputes the access-token expiry on the injected clock.
func (rp *RelyingParty) expiry(tok *oauth2.Token) time.Time {
	if tok.ExpiresIn > 0 {
		return rp.now().Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	return tok.Expiry
}
