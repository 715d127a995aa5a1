package sandboxtest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
)

// OIDCFlow signs a user in at the sandbox OIDC provider with the
// authorization code flow and PKCE (S256).
type OIDCFlow struct {
	Issuer       string
	ClientID     string
	ClientSecret string // empty for public clients
	// RedirectURI is where the code is sent; the flow stops at the redirect
	// and reads it from Location, so nothing needs to listen there.
	RedirectURI string
	Scopes      []string // default openid email profile
	HTTPClient  *http.Client
}

// Code is the authorization response of one sign-in.
type Code struct {
	Code, State, Issuer string
	// Verifier is the PKCE code verifier the exchange must present.
	Verifier string
	// SentState is the state the request carried.
	SentState string
}

// Config returns the oauth2 configuration of the flow.
func (f OIDCFlow) Config() *oauth2.Config {
	scopes := f.Scopes
	if len(scopes) == 0 {
		scopes = []string{"openid", "email", "profile"}
	}
	return &oauth2.Config{ClientID: f.ClientID, ClientSecret: f.ClientSecret, RedirectURL: f.RedirectURI, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: f.Issuer + "/authorize", TokenURL: f.Issuer + "/token"}}
}

// Authorize fetches the login form, signs in and returns the code from the
// redirect's Location.
func (f OIDCFlow) Authorize(ctx context.Context, username, password string) (Code, error) {
	c := Code{Verifier: oauth2.GenerateVerifier(), SentState: randomString()}
	authURL := f.Config().AuthCodeURL(c.SentState, oauth2.S256ChallengeOption(c.Verifier), oauth2.SetAuthURLParam("nonce", randomString()))
	form, err := get(ctx, f.HTTPClient, authURL)
	if err != nil {
		return c, fmt.Errorf("oidc authorize: %w", err)
	}
	done, err := submitLogin(ctx, f.HTTPClient, form, username, password)
	if err != nil {
		return c, fmt.Errorf("oidc sign-in: %w", err)
	}
	return readRedirect(c, done)
}

func readRedirect(c Code, p page) (Code, error) {
	if p.status != http.StatusSeeOther && p.status != http.StatusFound {
		return c, fmt.Errorf("oidc sign-in: status %d, want a redirect: %.200s", p.status, p.body)
	}
	loc, err := url.Parse(p.location)
	if err != nil {
		return c, fmt.Errorf("oidc sign-in: bad Location: %w", err)
	}
	q := loc.Query()
	if e := q.Get("error"); e != "" {
		return c, fmt.Errorf("oidc sign-in: %s: %s", e, q.Get("error_description"))
	}
	c.Code, c.State, c.Issuer = q.Get("code"), q.Get("state"), q.Get("iss")
	if c.Code == "" {
		return c, errors.New("oidc sign-in: redirect carries no code")
	}
	return c, nil
}

// Exchange redeems c at the token endpoint.
func (f OIDCFlow) Exchange(ctx context.Context, c Code) (*oauth2.Token, error) {
	if f.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, f.HTTPClient)
	}
	tok, err := f.Config().Exchange(ctx, c.Code, oauth2.VerifierOption(c.Verifier))
	if err != nil {
		return nil, fmt.Errorf("oidc token exchange: %w", err)
	}
	return tok, nil
}

// Login runs Authorize and Exchange and returns the token response; its ID
// token is IDToken(tok).
func (f OIDCFlow) Login(ctx context.Context, username, password string) (*oauth2.Token, error) {
	c, err := f.Authorize(ctx, username, password)
	if err != nil {
		return nil, err
	}
	if c.State != c.SentState {
		return nil, fmt.Errorf("oidc sign-in: state %q, sent %q", c.State, c.SentState)
	}
	return f.Exchange(ctx, c)
}

// IDToken returns the id_token of a token response ("" if absent).
func IDToken(tok *oauth2.Token) string {
	if tok == nil {
		return ""
	}
	s, _ := tok.Extra("id_token").(string)
	return s
}

func randomString() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
