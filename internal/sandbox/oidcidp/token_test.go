package oidcidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// OAUTH-09 (local IdP fidelity): a code redeemed twice is refused, and the
// tokens of the first redemption are revoked.
func TestOAUTH09_CodeReuseRevokesTokens(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	lr := e.login(cfg, confRedir)
	tok, err := e.exchange(cfg, lr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.exchange(cfg, lr); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("second redemption: %v", err)
	}
	if _, err := cfg.TokenSource(e.ctx(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("refresh after code reuse: %v", err)
	}
	if status := e.userinfo(tok.AccessToken); status != http.StatusUnauthorized {
		t.Fatalf("userinfo after code reuse: %d", status)
	}
}

func (e *env) userinfo(at string) int {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.issuer+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+at)
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// OAUTH-09 and OAUTH-10 (local IdP fidelity): each redemption breaks one
// rule, and is refused for that rule. "other client" is a second
// confidential client registered with the same redirect URI, so only the
// code's binding to its client stops it.
func TestOAUTH09_CodeRedemptionRules(t *testing.T) {
	other := Client{ID: "conf-app-2", Secret: confSecret, RedirectURIs: []string{confRedir}}
	tests := []struct {
		name   string
		mutate func(e *env, form url.Values)
		user   string
		want   string // error code
		reason string // error_description
	}{
		{"expired", func(e *env, _ url.Values) { e.clock.Advance(DefaultCodeTTL + time.Second) }, confID, "invalid_grant", "expired"},
		{"other client", func(*env, url.Values) {}, other.ID, "invalid_grant", "issued to another client"},
		{"other redirect uri", func(_ *env, f url.Values) { f.Set("redirect_uri", confRedir+"/x") }, confID, "invalid_grant", "redirect_uri does not match"},
		{"missing redirect uri", func(_ *env, f url.Values) { f.Del("redirect_uri") }, confID, "invalid_request", "redirect_uri"},
		{"unknown code", func(_ *env, f url.Values) { f.Set("code", "nope") }, confID, "invalid_grant", "invalid"},
		{"wrong verifier", func(_ *env, f url.Values) { f.Set("code_verifier", oauth2.GenerateVerifier()) }, confID, "invalid_grant", "does not match the code_challenge"},
		{"missing verifier", func(_ *env, f url.Values) { f.Del("code_verifier") }, confID, "invalid_grant", "code_verifier is required"},
		{"short verifier", func(_ *env, f url.Values) { f.Set("code_verifier", "abc") }, confID, "invalid_grant", "43-128"},
		{"positive twin", func(*env, url.Values) {}, confID, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, append(defaultClients(), other)...)
			lr := e.login(e.confConfig(), confRedir)
			form := url.Values{"grant_type": {"authorization_code"}, "code": {lr.code}, "redirect_uri": {confRedir}, "code_verifier": {lr.verifier}}
			tt.mutate(e, form)
			status, body, _ := e.tokenPost(form, tt.user, confSecret)
			if tt.want == "" {
				if status != http.StatusOK || body["id_token"] == nil {
					t.Fatalf("positive twin: status %d body %v", status, body)
				}
				return
			}
			desc, _ := body["error_description"].(string)
			if status != http.StatusBadRequest || body["error"] != tt.want || !strings.Contains(desc, tt.reason) {
				t.Fatalf("status %d body %v, want %s (%s)", status, body, tt.want, tt.reason)
			}
		})
	}
}

// OAUTH-10 (local IdP fidelity): a code_verifier for a code issued without
// a challenge is a downgrade and refused; without PKCE at all a
// confidential client is served (the positive twin). plain is refused at
// the authorization endpoint (TestAuthorizeErrorsRedirected), a missing
// verifier after a challenge at the token endpoint (TestOAUTH09_CodeRedemptionRules).
func TestOAUTH10_VerifierWithoutChallengeRefused(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	id := e.authorize(cfg.AuthCodeURL("st"))
	code := e.signIn(id, "mary_major@example.com", "pw-mary").Query().Get("code")
	_, err := cfg.Exchange(e.ctx(), code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
	if oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("downgrade: %v", err)
	}
	// A confidential client without PKCE at all is allowed.
	code = e.signIn(e.authorize(cfg.AuthCodeURL("st")), "mary_major@example.com", "pw-mary").Query().Get("code")
	if _, err := cfg.Exchange(e.ctx(), code); err != nil {
		t.Fatal(err)
	}
}

func TestRefreshRotationAndReuse(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	tok, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	refresh := func(rt string) (*oauth2.Token, error) {
		return cfg.TokenSource(e.ctx(), &oauth2.Token{RefreshToken: rt}).Token()
	}
	tok2, err := refresh(tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if tok2.RefreshToken == tok.RefreshToken || tok2.RefreshToken == "" {
		t.Fatal("refresh token not rotated")
	}
	raw, _ := tok2.Extra("id_token").(string)
	idt, err := e.verifier(confID).Verify(e.ctx(), raw)
	if err != nil {
		t.Fatalf("refreshed id token: %v", err)
	}
	if u, _ := e.p.opts.Directory.Lookup("mary_major@example.com"); idt.Subject != u.Subject {
		t.Fatalf("sub changed: %s", idt.Subject)
	}
	if _, err := refresh(tok.RefreshToken); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("reuse: %v", err)
	}
	if _, err := refresh(tok2.RefreshToken); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("newest token after reuse must be revoked: %v", err)
	}
	if status := e.userinfo(tok2.AccessToken); status != http.StatusUnauthorized {
		t.Fatalf("access token after family revocation: %d", status)
	}
}

func TestRefreshRules(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	tok, err := e.exchange(cfg, e.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	status, body, _ := e.tokenPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}, "scope": {"openid admin"}}, confID, confSecret)
	if status != 400 || body["error"] != "invalid_scope" {
		t.Fatalf("scope widening: %d %v", status, body)
	}
	status, body, _ = e.tokenPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}, "client_id": {pubID}}, "", "")
	if status != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("other client: %d %v", status, body)
	}
	e.clock.Advance(DefaultRefreshTokenTTL + time.Second)
	status, body, _ = e.tokenPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, confID, confSecret)
	if status != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("absolute lifetime: %d %v", status, body)
	}
}

func TestTokenEndpointRequestErrors(t *testing.T) {
	good := "grant_type=authorization_code&code=x&redirect_uri=" + url.QueryEscape(confRedir)
	tests := []struct {
		name, method, ctype, query, body string
		basic                            bool
		secret                           string
		status                           int
		want                             string
	}{
		{"GET", http.MethodGet, "", "", "", true, confSecret, 405, "invalid_request"},
		{"json body", http.MethodPost, "application/json", "", "{}", true, confSecret, 400, "invalid_request"},
		{"query params", http.MethodPost, "application/x-www-form-urlencoded", "client_secret=x", good, true, confSecret, 400, "invalid_request"},
		{"repeated param", http.MethodPost, "application/x-www-form-urlencoded", "", good + "&code=y", true, confSecret, 400, "invalid_request"},
		{"bad escape", http.MethodPost, "application/x-www-form-urlencoded", "", "code=%zz", true, confSecret, 400, "invalid_request"},
		{"wrong secret", http.MethodPost, "application/x-www-form-urlencoded", "", good, true, "nope", 401, "invalid_client"},
		{"no client", http.MethodPost, "application/x-www-form-urlencoded", "", good, false, "", 401, "invalid_client"},
		{"two auth methods", http.MethodPost, "application/x-www-form-urlencoded", "", good + "&client_secret=" + url.QueryEscape(confSecret), true, confSecret, 400, "invalid_request"},
		{"unknown grant", http.MethodPost, "application/x-www-form-urlencoded", "", "grant_type=password", true, confSecret, 400, "unsupported_grant_type"},
		{"no grant", http.MethodPost, "application/x-www-form-urlencoded", "", "code=x", true, confSecret, 400, "invalid_request"},
		{"huge body", http.MethodPost, "application/x-www-form-urlencoded", "", "code=" + strings.Repeat("a", maxFormBytes), true, confSecret, 413, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			u := e.issuer + "/token"
			if tt.query != "" {
				u += "?" + tt.query
			}
			req, _ := http.NewRequest(tt.method, u, strings.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			if tt.basic {
				req.SetBasicAuth(confID, url.QueryEscape(tt.secret))
			}
			resp, err := e.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var m map[string]any
			_ = jsonDecode(resp, &m)
			if resp.StatusCode != tt.status || m["error"] != tt.want || m["error_description"] == "" {
				t.Fatalf("status %d body %v", resp.StatusCode, m)
			}
			if tt.status == 401 && tt.basic && resp.Header.Get("WWW-Authenticate") == "" {
				t.Fatal("invalid_client after Basic auth needs WWW-Authenticate")
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatal("token responses must not be cached")
			}
		})
	}
}
