package e2e_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// TestRefreshedIdentityChangedLogsOut: an IdP whose refresh grant returns
// an ID token for another subject (refresh-wrong-sub) or from another
// issuer (refresh-wrong-iss). The sandbox's own provider cannot take new
// clients from outside, so this provider runs in-process on its own
// loopback issuer; the sign-in comes from its real authorization code flow.
// `qbiz credentials` after expiry refuses the refreshed token, exchanges
// nothing at AWS, removes the cached sign-in and names the login command.
func TestRefreshedIdentityChangedLogsOut(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, profile := range []string{"refresh-wrong-sub", "refresh-wrong-iss"} {
		t.Run(profile, func(t *testing.T) {
			w := w.with(t)
			issuer := w.misbehavingIdP(profile)
			w.addProfile(profile, issuer)
			w.seedOIDCSignIn(profile, issuer)
			before := w.ledgerCount("")
			r := w.run(failOpener{t}, "credentials", "--profile", profile)
			if r.code == 0 || r.stdout != "" {
				t.Fatalf("credentials: exit %d, stdout %q", r.code, r.stdout)
			}
			for _, want := range []string{"different user", "run: qbiz login --profile " + profile} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if got := w.ledgerCount(""); got != before {
				t.Errorf("%d AWS calls after the identity changed, want 0", got-before)
			}
			who := w.run(nil, "whoami", "--profile", profile)
			if who.code == 0 || !strings.Contains(who.stderr, "not logged in") {
				t.Errorf("whoami: exit %d, stdout %q, stderr %q", who.code, who.stdout, who.stderr)
			}
		})
	}
}

// misbehavingIdP serves an OIDC provider whose client qbiz-cli carries the
// misbehaviour profile; it returns the issuer.
func (w *world) misbehavingIdP(profile string) string {
	w.t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	u := w.user("mary_major@example.com")
	p, err := oidcidp.New(oidcidp.Options{
		Issuer:    "http://" + srv.Listener.Addr().String() + "/idp",
		Directory: directory.New(directory.User{Username: u.Username, Password: u.Password, Email: u.Email, Name: "Mary Major", Subject: "mary-subject"}),
		Clients:   []oidcidp.Client{{ID: "qbiz-cli", RedirectURIs: []string{sandboxtest.CallbackURL}, Profile: profile}},
	})
	if err != nil {
		srv.Close()
		w.t.Fatalf("oidc provider: %v", err)
	}
	srv.Config.Handler = p
	srv.Start()
	w.t.Cleanup(srv.Close)
	return p.Issuer()
}

// addProfile appends an OIDC profile at issuer, with the sandbox's AWS side.
func (w *world) addProfile(name, issuer string) {
	w.t.Helper()
	app := w.app("oidc")
	cfg := fmt.Sprintf("\n[profile %s]\nregion = %s\nendpoint_url = %s\nqbiz_mode = oidc\nqbiz_application_id = %s\n"+
		"qbiz_role_arn = %s\nqbiz_issuer = %s\nqbiz_client_id = qbiz-cli\nqbiz_provider_arn = %s\n",
		name, w.info.Region, w.info.Endpoint, app.ApplicationID, app.RoleARN, issuer, app.ProviderARN)
	f, err := os.OpenFile(w.vars["AWS_CONFIG_FILE"], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		w.t.Fatalf("open config: %v", err)
	}
	defer f.Close()
	if _, err := f.WriteString(cfg); err != nil {
		w.t.Fatalf("write config: %v", err)
	}
}

// seedOIDCSignIn signs mary in at issuer and caches the result as a sign-in
// whose ID token and AWS credentials have expired, so the next use refreshes.
func (w *world) seedOIDCSignIn(profile, issuer string) {
	w.t.Helper()
	u := w.user("mary_major@example.com")
	f := sandboxtest.OIDCFlow{Issuer: issuer, ClientID: "qbiz-cli", RedirectURI: sandboxtest.CallbackURL,
		Scopes: []string{"openid", "email", "profile", "offline_access"}, HTTPClient: &http.Client{Timeout: 30 * time.Second}}
	tok, err := f.Login(context.Background(), u.Username, u.Password)
	if err != nil {
		w.t.Fatalf("sign in at %s: %v", issuer, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" || tok.RefreshToken == "" {
		w.t.Fatalf("sign-in returned no ID token or no refresh token")
	}
	claims := jwtClaims(w.t, raw)
	e := tokencache.Entry{Mode: identity.ModeOIDC, IDToken: logging.Secret(raw), IDTokenExpiry: time.Now().Add(-time.Minute),
		RefreshToken: logging.Secret(tok.RefreshToken),
		Identity:     identity.Identity{Issuer: claims.Iss, Subject: claims.Sub, Email: claims.Email}}
	if err := w.store().Put(profile, e); err != nil {
		w.t.Fatalf("cache sign-in: %v", err)
	}
}

type idClaims struct{ Iss, Sub, Email string }

// jwtClaims reads (without verifying) the payload of a token the test
// itself just obtained.
func jwtClaims(t testing.TB, raw string) idClaims {
	t.Helper()
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("ID token is not a JWS")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	var c idClaims
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Iss == "" || c.Sub == "" {
		t.Fatalf("ID token payload: %v", err)
	}
	return c
}
