package oidcidp

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

func TestKeyRotationKeepsOldTokensVerifiable(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	v := e.verifier(confID)
	tok1, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(e.ctx(), tok1.Extra("id_token").(string)); err != nil {
		t.Fatal(err)
	}
	if err := e.p.RotateKeys(); err != nil {
		t.Fatal(err)
	}
	tok2, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	h1, _ := decodeJWT(t, tok1.Extra("id_token").(string))
	h2, _ := decodeJWT(t, tok2.Extra("id_token").(string))
	if h1["kid"] == h2["kid"] {
		t.Fatal("kid did not change")
	}
	for _, tok := range []*oauth2.Token{tok2, tok1} {
		if _, err := v.Verify(e.ctx(), tok.Extra("id_token").(string)); err != nil {
			t.Fatalf("after rotation: %v", err)
		}
	}
	var jwks struct{ Keys []map[string]any }
	_, body, _ := e.get(e.issuer + "/jwks")
	if err := json.Unmarshal([]byte(body), &jwks); err != nil || len(jwks.Keys) != 2 {
		t.Fatalf("jwks %s", body)
	}
	for _, k := range jwks.Keys {
		if k["kty"] != "RSA" || k["alg"] != "RS256" || k["use"] != "sig" || k["kid"] == "" || k["d"] != nil {
			t.Fatalf("jwk %v", k)
		}
	}
}

func TestUserinfoBearerOnly(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	tok, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	status, _, _ := e.get(e.issuer + "/userinfo?access_token=" + tok.AccessToken)
	if status != http.StatusBadRequest {
		t.Fatalf("token in query: %d", status)
	}
	if s := e.userinfo("forged"); s != http.StatusUnauthorized {
		t.Fatalf("forged token: %d", s)
	}
	e.clock.Advance(DefaultAccessTokenTTL + 1)
	if s := e.userinfo(tok.AccessToken); s != http.StatusUnauthorized {
		t.Fatalf("expired token: %d", s)
	}
}

func (e *env) revoke(token, user, pass string) int {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.issuer+"/revoke", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(user, url.QueryEscape(pass))
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestRevoke(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	tok, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	if s := e.revoke(tok.RefreshToken, confID, "wrong"); s != http.StatusUnauthorized {
		t.Fatalf("bad client auth: %d", s)
	}
	if s := e.revoke("unknown-token", confID, confSecret); s != http.StatusOK {
		t.Fatalf("unknown token: %d", s)
	}
	if s := e.revoke(tok.RefreshToken, confID, confSecret); s != http.StatusOK {
		t.Fatalf("revoke: %d", s)
	}
	if _, err := cfg.TokenSource(e.ctx(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("refresh after revoke: %v", err)
	}
	if s := e.userinfo(tok.AccessToken); s != http.StatusUnauthorized {
		t.Fatalf("access token after family revoke: %d", s)
	}
}

func TestLogout(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	tok, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	idt := tok.Extra("id_token").(string)
	tests := []struct {
		name   string
		query  url.Values
		status int
		loc    string
	}{
		{"unregistered target", url.Values{"client_id": {confID}, "post_logout_redirect_uri": {"https://evil.test/"}}, 400, ""},
		{"target without client", url.Values{"post_logout_redirect_uri": {"https://app.example.com/bye"}}, 400, ""},
		{"forged hint", url.Values{"id_token_hint": {"a.b.c"}}, 400, ""},
		{"hint for other client", url.Values{"id_token_hint": {idt}, "client_id": {pubID}}, 400, ""},
		{"no params", url.Values{}, 200, ""},
		{"hint and target", url.Values{"id_token_hint": {idt}, "post_logout_redirect_uri": {"https://app.example.com/bye"}, "state": {"s1"}}, 303, "https://app.example.com/bye?state=s1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, loc := e.get(e.issuer + "/logout?" + tt.query.Encode())
			got := ""
			if loc != nil {
				got = loc.String()
			}
			if status != tt.status || got != tt.loc {
				t.Fatalf("status %d location %q", status, got)
			}
		})
	}
	if s := e.userinfo(tok.AccessToken); s != http.StatusUnauthorized {
		t.Fatalf("tokens survive logout: %d", s)
	}
}

func TestUnknownPathAndMethods(t *testing.T) {
	e := newEnv(t)
	if s, _, _ := e.get(e.issuer + "/nope"); s != http.StatusNotFound {
		t.Fatalf("unknown path: %d", s)
	}
	if s, _, _ := e.get(e.srv.URL + "/other/authorize"); s != http.StatusNotFound {
		t.Fatalf("outside issuer path: %d", s)
	}
	resp, err := e.http.Post(e.issuer+"/jwks", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") == "" {
		t.Fatalf("POST jwks: %d", resp.StatusCode)
	}
}

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"trailing slash", Options{Issuer: "http://127.0.0.1:1/idp/oidc/"}},
		{"relative", Options{Issuer: "/idp/oidc"}},
		{"query", Options{Issuer: "http://127.0.0.1:1/idp?x=1"}},
		{"bad profile", Options{Issuer: "http://127.0.0.1:1/idp/oidc", Clients: []Client{{ID: "a", RedirectURIs: []string{confRedir}, Profile: "nonsense"}}}},
		{"no redirects", Options{Issuer: "http://127.0.0.1:1/idp/oidc", Clients: []Client{{ID: "a"}}}},
		{"fragment redirect", Options{Issuer: "http://127.0.0.1:1/idp/oidc", Clients: []Client{{ID: "a", RedirectURIs: []string{confRedir + "#x"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Directory = newEnvDirectory()
			if _, err := New(tt.opts); err == nil {
				t.Fatal("want error")
			}
		})
	}
}
