package oidcidp

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// browserEnv is env with a cookie jar, as a browser keeps the IdP's
// session cookie.
func browserEnv(t *testing.T) *env {
	e := newEnv(t)
	jar, _ := cookiejar.New(nil)
	e.http.Jar = jar
	return e
}

// authorizeURL builds an authorization request of the confidential
// client with extra parameters (max_age, prompt).
func (e *env) authorizeURL(verifier, nonce string, extra ...string) string {
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)}
	for i := 0; i+1 < len(extra); i += 2 {
		opts = append(opts, oauth2.SetAuthURLParam(extra[i], extra[i+1]))
	}
	return e.confConfig().AuthCodeURL("st", opts...)
}

// passwordSignIn signs Mary in with her password, ticking "Stay signed
// in" when remember, and returns the ID token's auth_time.
func (e *env) passwordSignIn(remember bool, extra ...string) time.Time {
	e.t.Helper()
	v := oauth2.GenerateVerifier()
	id := e.authorize(e.authorizeURL(v, "n", extra...))
	form := url.Values{"request_id": {id}, "username": {"mary_major@example.com"}, "password": {"pw-mary"}}
	if remember {
		form.Set("remember", "1")
	}
	status, body, loc := e.postForm("/idp/oidc/authorize", form)
	if status != http.StatusSeeOther || loc == nil {
		e.t.Fatalf("sign in: %d %s", status, body)
	}
	return e.authTime(loc, v)
}

// authTime redeems the code of redirect and returns its ID token's auth_time.
func (e *env) authTime(redirect *url.URL, verifier string) time.Time {
	e.t.Helper()
	tok, err := e.confConfig().Exchange(e.ctx(), redirect.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		e.t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := e.verifier(confID).Verify(e.ctx(), raw)
	if err != nil {
		e.t.Fatal(err)
	}
	var c struct {
		AuthTime int64 `json:"auth_time"`
	}
	if err := idt.Claims(&c); err != nil || c.AuthTime == 0 {
		e.t.Fatalf("auth_time: %v %d", err, c.AuthTime)
	}
	return time.Unix(c.AuthTime, 0)
}

// silent asks again with extra parameters: the auth_time of the code the
// IdP answers with at once, or zero when it shows its login form.
func (e *env) silent(extra ...string) (time.Time, string) {
	e.t.Helper()
	v := oauth2.GenerateVerifier()
	status, body, loc := e.get(e.authorizeURL(v, "n", extra...))
	switch {
	case status == http.StatusOK && strings.Contains(body, `name="password"`):
		return time.Time{}, "form"
	case loc != nil && loc.Query().Get("error") != "":
		return time.Time{}, loc.Query().Get("error")
	case loc != nil && loc.Query().Get("code") != "":
		return e.authTime(loc, v), "code"
	}
	e.t.Fatalf("authorize: %d %v %.300s", status, loc, body)
	return time.Time{}, ""
}

// OIDC Core §3.1.2.1: a browser that stayed signed in is answered
// without a password, its ID tokens carrying the first sign-in's
// auth_time, while max_age has not passed since then; past max_age (or
// max_age=0, or prompt=login) the password is asked again and auth_time
// moves; prompt=none then gets login_required.
func TestStaySignedInHonoursMaxAge(t *testing.T) {
	e := browserEnv(t)
	t0 := e.passwordSignIn(true)
	if !t0.Equal(e.clock.Now()) {
		t.Fatalf("auth_time %v, want the sign-in's %v", t0, e.clock.Now())
	}
	e.clock.Advance(30 * time.Minute)
	for _, c := range []struct {
		name  string
		extra []string
		want  string
	}{
		{"no max_age", nil, "code"},
		{"max_age an hour", []string{"max_age", "3600"}, "code"},
		{"max_age exactly elapsed", []string{"max_age", "1800"}, "code"},
		{"prompt=none within max_age", []string{"prompt", "none", "max_age", "3600"}, "code"},
		{"max_age a second short", []string{"max_age", "1799"}, "form"},
		{"max_age=0", []string{"max_age", "0"}, "form"},
		{"prompt=login", []string{"prompt", "login"}, "form"},
		{"prompt=none past max_age", []string{"prompt", "none", "max_age", "60"}, "login_required"},
		{"max_age not a number", []string{"max_age", "1h"}, "invalid_request"},
	} {
		at, got := e.silent(c.extra...)
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		if got == "code" && !at.Equal(t0) {
			t.Errorf("%s: auth_time %v, want the session's %v", c.name, at, t0)
		}
	}
	if again := e.passwordSignIn(true, "max_age", "60"); !again.Equal(e.clock.Now()) {
		t.Fatalf("re-authenticated: auth_time %v, want now %v", again, e.clock.Now())
	}
}

// The twin: without "Stay signed in" every request asks for the
// password; a remembered browser is forgotten when its session ends or
// its user's sessions are revoked.
func TestSignInNotRememberedAsksAgain(t *testing.T) {
	e := browserEnv(t)
	e.passwordSignIn(false)
	if _, got := e.silent(); got != "form" {
		t.Fatalf("not remembered: %s", got)
	}
	e.passwordSignIn(true)
	e.clock.Advance(DefaultSSOSessionTTL)
	if _, got := e.silent(); got != "form" {
		t.Fatalf("past the IdP session: %s", got)
	}
	e.passwordSignIn(true)
	u, _ := e.p.opts.Directory.Lookup("mary_major@example.com")
	e.p.RevokeSubject(u.Subject)
	if _, got := e.silent(); got != "form" {
		t.Fatalf("after revocation: %s", got)
	}
}

// max_age=0 is prompt=login (OIDC Core §3.1.2.1): the password is asked
// even at the very instant of the remembered sign-in, when no time at
// all has passed since it; the twin without max_age is answered.
func TestMaxAgeZeroAsksAtOnce(t *testing.T) {
	e := browserEnv(t)
	e.passwordSignIn(true)
	if _, got := e.silent("max_age", "0"); got != "form" {
		t.Fatalf("max_age=0 at the sign-in's instant: %s, want form", got)
	}
	if _, got := e.silent(); got != "code" {
		t.Fatalf("the twin without max_age: %s, want code", got)
	}
}

// prompt=none with another value is an error (OIDC Core §3.1.2.1), even
// for a browser the IdP would answer at once; the twin, prompt=none
// alone, is answered.
func TestPromptNoneWithOthersRefused(t *testing.T) {
	e := browserEnv(t)
	e.passwordSignIn(true)
	if _, got := e.silent("prompt", "none consent"); got != "invalid_request" {
		t.Fatalf("prompt=none consent: %s, want invalid_request", got)
	}
	if _, got := e.silent("prompt", "none"); got != "code" {
		t.Fatalf("the twin, prompt=none: %s, want code", got)
	}
}
