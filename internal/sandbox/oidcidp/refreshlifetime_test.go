package oidcidp

import (
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// A client's own refresh lifetime bounds its sign-ins, counted from
// authentication: the code's and every refresh's token response say in
// refresh_expires_in how long is left, and past it the refresh grant is
// refused.
func TestClientRefreshLifetime(t *testing.T) {
	c := defaultClients()
	c[0].RefreshTokenTTL = 10 * time.Minute
	e := newEnv(t, c...)
	cfg := e.confConfig()
	tok, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	if got := tok.Extra("refresh_expires_in"); got != float64(600) {
		t.Fatalf("refresh_expires_in after the code: %v, want 600", got)
	}
	e.clock.Advance(4 * time.Minute)
	tok, err = cfg.TokenSource(e.ctx(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		t.Fatal(err)
	}
	if got := tok.Extra("refresh_expires_in"); got != float64(360) {
		t.Fatalf("refresh_expires_in after a refresh: %v, want 360", got)
	}
	e.clock.Advance(7 * time.Minute)
	if _, err := cfg.TokenSource(e.ctx(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("refresh past the lifetime: %v", err)
	}
}
