package oidcidp

import (
	"net/http"
	"testing"

	"golang.org/x/oauth2"
)

// TestRevokeAllEndsEverySession: after RevokeAll (an administrator ending
// every session) neither the refresh nor the access token of a sign-in
// made before works; a sign-in made after is unaffected.
func TestRevokeAllEndsEverySession(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	tok, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	e.p.RevokeAll()
	refresh := func(rt string) error {
		_, err := cfg.TokenSource(e.ctx(), &oauth2.Token{RefreshToken: rt}).Token()
		return err
	}
	if err := refresh(tok.RefreshToken); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("refresh after RevokeAll: %v", err)
	}
	if status := e.userinfo(tok.AccessToken); status != http.StatusUnauthorized {
		t.Fatalf("userinfo after RevokeAll: %d", status)
	}
	next, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	if err := refresh(next.RefreshToken); err != nil {
		t.Fatalf("refresh of a sign-in made after RevokeAll: %v", err)
	}
}
