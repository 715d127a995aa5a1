package signin_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

const profile = "p"

// world is a sandbox started in-process for one test, and a client that
// counts the token requests the sessions under test send.
type world struct {
	t      *testing.T
	sb     *sandbox.Sandbox
	info   sandbox.Info
	tokens atomic.Int64
	http   *http.Client
}

func startWorld(t *testing.T) *world {
	t.Helper()
	sb, err := sandbox.Start(t.Context(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	w := &world{t: t, sb: sb, info: sb.Info()}
	w.http = &http.Client{Timeout: 30 * time.Second, Transport: countTokens{&w.tokens, http.DefaultTransport}}
	return w
}

// countTokens counts the requests to a token endpoint.
type countTokens struct {
	n    *atomic.Int64
	next http.RoundTripper
}

func (c countTokens) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/token") {
		c.n.Add(1)
	}
	return c.next.RoundTrip(r)
}

// oidcProfile is the sandbox's OIDC federation profile, at issuer.
func (w *world) oidcProfile(issuer string) config.Profile {
	w.t.Helper()
	app, ok := w.info.App("oidc")
	if !ok {
		w.t.Fatal("no oidc application")
	}
	return config.Profile{Name: profile, Region: sandbox.Region, EndpointURL: w.sb.URL, Mode: identity.ModeOIDC,
		Issuer: issuer, ClientID: app.ClientID, Scopes: []string{"email", "profile", "offline_access"}, RoleARN: app.RoleARN}
}

// session is the profile's sign-in over store, on the counting client.
func (w *world) session(p config.Profile, store signin.Store) *signin.Session {
	return signin.New(p, store, signin.Options{HTTP: w.http})
}

// seed signs user in at issuer with the authorization code flow (not
// through signin) and stores the sign-in with its ID token expired and no
// AWS credentials, so the next use must renew through the IdP.
func (w *world) seed(store signin.Store, issuer, clientID, user string) tokencache.Entry {
	return w.seedClient(store, sandboxtest.OIDCFlow{Issuer: issuer, ClientID: clientID}, user)
}

// seedClient is seed for the client f names.
func (w *world) seedClient(store signin.Store, f sandboxtest.OIDCFlow, user string) tokencache.Entry {
	w.t.Helper()
	u, ok := w.info.User(user)
	if !ok {
		w.t.Fatalf("no user %s", user)
	}
	f.RedirectURI, f.Scopes = sandboxtest.CallbackURL, []string{"openid", "email", "profile", "offline_access"}
	f.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	tok, err := f.Login(context.Background(), u.Username, u.Password)
	if err != nil {
		w.t.Fatalf("sign in at %s: %v", f.Issuer, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" || tok.RefreshToken == "" {
		w.t.Fatal("sign-in returned no ID token or no refresh token")
	}
	e := tokencache.Entry{Mode: identity.ModeOIDC, Identity: payloadIdentity(w.t, raw), IDToken: logging.Secret(raw),
		IDTokenExpiry: time.Now().Add(-time.Minute), RefreshToken: logging.Secret(tok.RefreshToken)}
	if err := store.Put(profile, e); err != nil {
		w.t.Fatalf("store sign-in: %v", err)
	}
	return e
}

// payloadIdentity reads (without verifying) who a token the test itself
// just obtained names.
func payloadIdentity(t *testing.T, raw string) identity.Identity {
	t.Helper()
	parts := strings.Split(raw, ".")
	var c struct{ Iss, Sub, Email string }
	b, err := base64.RawURLEncoding.DecodeString(parts[min(1, len(parts)-1)])
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Iss == "" || c.Sub == "" {
		t.Fatalf("ID token payload: %v", err)
	}
	return identity.Identity{Issuer: c.Iss, Subject: c.Sub, Email: c.Email}
}

// stsCalls counts the STS calls the sandbox served.
func (w *world) stsCalls() int {
	return w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Service == "sts" })
}

// control posts to the sandbox's control API.
func (w *world) control(path string) {
	w.t.Helper()
	resp, err := w.sb.HTTPClient().Post(w.sb.URL+path, "application/json", strings.NewReader(""))
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		w.t.Fatalf("POST %s: %d", path, resp.StatusCode)
	}
}

// fileStores opens n token caches on one directory, as n processes would.
func fileStores(t *testing.T, n int) []signin.Store {
	t.Helper()
	dir := t.TempDir()
	env := config.EnvFunc(func(k string) string {
		if k == tokencache.PassphraseEnv {
			return "signin-test-passphrase"
		}
		return ""
	})
	var out []signin.Store
	for range n {
		s, err := tokencache.Open(tokencache.Options{Backend: "file", Dir: dir, Env: env})
		if err != nil {
			t.Fatalf("open token cache: %v", err)
		}
		out = append(out, s)
	}
	return out
}
