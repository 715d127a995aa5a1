package sandboxtest

import (
	"context"
	"testing"
)

// Loopback addresses the sign-in flows redirect to; the flows stop at the
// redirect, so nothing needs to listen there.
const (
	CallbackURL = "http://127.0.0.1:49152/callback"
	ACSURL      = "http://127.0.0.1:49153/saml/acs"
)

// SignIn runs Login as user and returns the ID token, failing tb when the
// sign-in fails or the token response carries no ID token.
func (f OIDCFlow) SignIn(tb testing.TB, user, password string) string {
	tb.Helper()
	tok, err := f.Login(context.Background(), user, password)
	if err != nil {
		tb.Fatalf("oidc sign in %s: %v", user, err)
	}
	id := IDToken(tok)
	if id == "" {
		tb.Fatalf("oidc sign in %s: the token response has no id_token", user)
	}
	return id
}

// SignIn runs Login as user, failing tb when the sign-in fails.
func (f SAMLFlow) SignIn(tb testing.TB, user, password string) SAMLResult {
	tb.Helper()
	res, err := f.Login(context.Background(), user, password)
	if err != nil {
		tb.Fatalf("saml sign in %s: %v", user, err)
	}
	return res
}
