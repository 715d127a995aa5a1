package oidcidp

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

type idClaims struct {
	Sub           string   `json:"sub"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Name          string   `json:"name"`
	Groups        []string `json:"groups"`
	Username      string   `json:"preferred_username"`
	Azp           string   `json:"azp"`
	Nonce         string   `json:"nonce"`
	AuthTime      int64    `json:"auth_time"`
	Tags          struct {
		PrincipalTags map[string][]string `json:"principal_tags"`
	} `json:"https://aws.amazon.com/tags"`
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	status, body, _ := e.get(e.issuer + "/.well-known/openid-configuration")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"issuer": e.issuer, "authorization_response_iss_parameter_supported": true,
		"token_endpoint": e.issuer + "/token", "end_session_endpoint": e.issuer + "/logout",
		"revocation_endpoint": e.issuer + "/revoke", "device_authorization_endpoint": e.issuer + "/device/code",
		"userinfo_endpoint": e.issuer + "/userinfo", "jwks_uri": e.issuer + "/jwks",
	}
	for k, v := range want {
		if d[k] != v {
			t.Errorf("%s = %v, want %v", k, d[k], v)
		}
	}
	if got := d["code_challenge_methods_supported"]; len(got.([]any)) != 1 || got.([]any)[0] != "S256" {
		t.Errorf("code_challenge_methods_supported = %v", got)
	}
	e.verifier(confID) // go-oidc accepts the document
}

func TestAuthCodeFlowConfidential(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	lr := e.login(cfg, confRedir)
	q := lr.redirect.Query()
	if q.Get("state") != lr.state || q.Get("iss") != e.issuer {
		t.Fatalf("redirect %s: want state %s and iss %s", lr.redirect, lr.state, e.issuer)
	}
	if got := lr.redirect.Scheme + "://" + lr.redirect.Host + lr.redirect.Path; got != confRedir {
		t.Fatalf("redirected to %s", got)
	}
	tok, err := e.exchange(cfg, lr)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := e.verifier(confID).Verify(e.ctx(), raw)
	if err != nil {
		t.Fatalf("verify id token: %v", err)
	}
	if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
		t.Fatalf("at_hash: %v", err)
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil {
		t.Fatal(err)
	}
	u, _ := e.p.opts.Directory.Lookup("mary_major@example.com")
	if c.Sub != u.Subject || c.Email != u.Email || !c.EmailVerified || c.Name != "Mary Major" ||
		c.Azp != confID || c.Nonce != lr.nonce || c.AuthTime == 0 || !slices.Equal(c.Groups, []string{"core-team"}) ||
		c.Username != u.Username {
		t.Fatalf("claims %+v", c)
	}
	if got := c.Tags.PrincipalTags["Email"]; !slices.Equal(got, []string{u.Email}) {
		t.Fatalf("tags claim %v", c.Tags)
	}
	if tok.RefreshToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("token %+v", tok)
	}
	// userinfo with the access token
	resp, err := cfg.Client(e.ctx(), tok).Get(e.issuer + "/userinfo")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ui map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&ui)
	if resp.StatusCode != 200 || ui["sub"] != u.Subject || ui["email"] != u.Email {
		t.Fatalf("userinfo %d %v", resp.StatusCode, ui)
	}
}

func TestClientSecretPost(t *testing.T) {
	e := newEnv(t)
	cfg := e.config(confID, confSecret, confRedir, oauth2.AuthStyleInParams)
	if _, err := e.exchange(cfg, e.login(cfg, confRedir)); err != nil {
		t.Fatal(err)
	}
}

func TestPublicClientLoopbackAnyPort(t *testing.T) {
	tests := []string{"http://127.0.0.1:54321/cb", "http://[::1]:8080/cb", "http://127.0.0.1/cb"}
	for _, redirect := range tests {
		t.Run(redirect, func(t *testing.T) {
			e := newEnv(t)
			cfg := e.config(pubID, "", redirect, oauth2.AuthStyleInParams)
			lr := e.login(cfg, redirect)
			if got := lr.redirect.Scheme + "://" + lr.redirect.Host + lr.redirect.Path; got != redirect {
				t.Fatalf("redirected to %s", got)
			}
			tok, err := e.exchange(cfg, lr)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.verifier(pubID).Verify(e.ctx(), tok.Extra("id_token").(string)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// OAUTH-06 (local IdP fidelity): any redirect_uri but the registered one,
// exactly, is shown an error page and never redirected to. The positive
// twins, the registered URIs and a loopback URI on any port, are redirected
// in TestAuthCodeFlowConfidential and TestPublicClientLoopbackAnyPort.
func TestOAUTH06_RedirectURIMismatchNotRedirected(t *testing.T) {
	tests := []struct{ client, redirect string }{
		{confID, confRedir + "/extra"},
		{confID, confRedir + "?x=1"},
		{confID, "https://APP.example.com/callback"},
		{confID, confRedir + "/"},
		{confID, "https://app.example.com:443/callback"},
		{confID, "https://user@app.example.com/callback"},
		{confID, "https://app.example.com/%2e%2e/callback"},
		{confID, "http://app.example.com/callback"},
		{confID, confRedir + "#frag"},
		{confID, ""},
		{confID, "https://evil.test/callback"},
		{pubID, "http://localhost:8080/cb"},
		{pubID, "http://127.0.0.1:8080/cb/"},
		{pubID, "http://127.0.0.2:8080/cb"},
		{pubID, "https://127.0.0.1:8080/cb"},
		{pubID, "http://127.0.0.1:0/cb"},
		{pubID, "http://127.0.0.1:99999/cb"},
		{pubID, "http://user@127.0.0.1:8080/cb"},
		{"unknown-client", confRedir},
	}
	for _, tt := range tests {
		t.Run(tt.client+" "+tt.redirect, func(t *testing.T) {
			e := newEnv(t)
			cfg := e.config(tt.client, "", tt.redirect, oauth2.AuthStyleInParams)
			u := cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
			status, body, loc := e.get(u)
			if status != http.StatusBadRequest || loc != nil || !strings.Contains(body, `role="alert"`) {
				t.Fatalf("status %d location %v body %s", status, loc, body)
			}
		})
	}
}

func TestAuthorizeErrorsRedirected(t *testing.T) {
	ch := oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())
	base := "?client_id=" + pubID + "&redirect_uri=" + pubRedir + "&state=xyz&scope=openid"
	tests := []struct{ name, query, want string }{
		{"response type token", base + "&response_type=token&code_challenge_method=S256&code_challenge=" + ch, "unsupported_response_type"},
		{"plain pkce", base + "&response_type=code&code_challenge_method=plain&code_challenge=" + ch, "invalid_request"},
		{"pkce default method is plain", base + "&response_type=code&code_challenge=" + ch, "invalid_request"},
		{"public without pkce", base + "&response_type=code", "invalid_request"},
		{"short challenge", base + "&response_type=code&code_challenge_method=S256&code_challenge=abc", "invalid_request"},
		{"no openid", "?client_id=" + pubID + "&redirect_uri=" + pubRedir + "&state=xyz&scope=email&response_type=code&code_challenge_method=S256&code_challenge=" + ch, "invalid_scope"},
		{"prompt none", base + "&response_type=code&prompt=none&code_challenge_method=S256&code_challenge=" + ch, "login_required"},
		{"request object", base + "&response_type=code&request=x&code_challenge_method=S256&code_challenge=" + ch, "request_not_supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			status, _, loc := e.get(e.issuer + "/authorize" + tt.query)
			if status != http.StatusFound || loc == nil {
				t.Fatalf("status %d, no redirect", status)
			}
			q := loc.Query()
			if q.Get("error") != tt.want || q.Get("state") != "xyz" || q.Get("iss") != e.issuer || loc.Host != "127.0.0.1" {
				t.Fatalf("redirect %s, want error %s", loc, tt.want)
			}
		})
	}
}

func TestRepeatedAuthorizeParamNotRedirected(t *testing.T) {
	e := newEnv(t)
	status, _, loc := e.get(e.issuer + "/authorize?client_id=" + pubID + "&client_id=" + pubID + "&redirect_uri=" + pubRedir)
	if status != http.StatusBadRequest || loc != nil {
		t.Fatalf("status %d location %v", status, loc)
	}
}

func TestLoginForm(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	u := cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	_, body, _ := e.get(u)
	if strings.Contains(body, "code_challenge") || strings.Contains(body, confRedir) {
		t.Fatalf("login form carries raw request parameters: %s", body)
	}
	id := e.authorize(u)
	status, body, loc := e.postForm("/idp/oidc/authorize", map[string][]string{"request_id": {id}, "username": {"mary_major@example.com"}, "password": {"wrong"}})
	if status != http.StatusUnauthorized || loc != nil || !strings.Contains(body, "Invalid username or password") {
		t.Fatalf("wrong password: status %d loc %v", status, loc)
	}
	for range maxLoginFailures - 2 {
		e.postForm("/idp/oidc/authorize", map[string][]string{"request_id": {id}, "username": {"x"}, "password": {"y"}})
	}
	status, _, loc = e.postForm("/idp/oidc/authorize", map[string][]string{"request_id": {id}, "username": {"x"}, "password": {"y"}})
	if status != http.StatusSeeOther || loc.Query().Get("error") != "access_denied" {
		t.Fatalf("after %d failures: status %d loc %v", maxLoginFailures, status, loc)
	}
	status, _, loc = e.postForm("/idp/oidc/authorize", map[string][]string{"request_id": {"forged"}, "username": {"mary_major@example.com"}, "password": {"pw-mary"}})
	if status != http.StatusBadRequest || loc != nil {
		t.Fatalf("unknown request id: status %d loc %v", status, loc)
	}
}
