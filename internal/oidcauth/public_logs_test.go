package oidcauth

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

// A public CLI client (no secret) relies on PKCE alone.
func TestPublicClientLoopbackLogin(t *testing.T) {
	e := newIdP(t)
	if err := e.p.Register(oidcidp.Client{ID: "cli", RedirectURIs: []string{loopbackURI}}); err != nil {
		t.Fatal(err)
	}
	cfg := e.config("cli")
	cfg.ClientSecret = ""
	rp, err := NewRelyingParty(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(mateoUser, mateoPass).async()
	toks, err := Login(context.Background(), rp, LoginOptions{Opener: b})
	if err != nil {
		t.Fatal(err)
	}
	if toks.Claims.Email != mateoUser {
		t.Fatalf("got %q", toks.Claims.Email)
	}
}

func TestLogsCarryNoSecrets(t *testing.T) {
	e := newIdP(t)
	var buf bytes.Buffer
	cfg := e.config(e.client(""))
	cfg.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rp, err := NewRelyingParty(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	authURL, tx, _ := rp.Begin(serverURI)
	params := e.browser(maryUser, maryPassword).callback(t, authURL)
	toks, err := rp.Complete(context.Background(), tx, params)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = rp.Complete(context.Background(), tx, params) // replay: logged rejection
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("values", "tx", tx, "tokens", toks)
	fmt.Fprintf(&buf, "%v %+v %v %+v", tx, tx, toks, toks)
	secrets := []string{testSecret, params.Get("code"), tx.State, tx.Nonce, tx.Verifier,
		toks.IDToken, toks.AccessToken, toks.RefreshToken}
	for _, s := range secrets {
		if strings.Contains(buf.String(), s) {
			t.Fatalf("log contains a secret: %s", buf.String())
		}
	}
	if !strings.Contains(buf.String(), "oidc login") {
		t.Fatal("login not logged")
	}
}
