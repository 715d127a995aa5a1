package oidcauth

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

// TestRejectionsAreReturnedNotLogged: a refused callback is returned to
// the caller, which renders it once; the relying party does not also log
// it (a CLI would print it twice).
func TestRejectionsAreReturnedNotLogged(t *testing.T) {
	e := newIdP(t)
	var buf bytes.Buffer
	cfg := e.config(e.client(""))
	cfg.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rp, err := NewRelyingParty(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	authURL, tx, _ := rp.Begin(serverURI)
	params := e.browser(maryUser, maryPassword).callback(t, authURL)
	params.Set("state", "another-login")
	if _, err := rp.Complete(context.Background(), tx, params); err == nil {
		t.Fatal("a foreign state was accepted")
	}
	if strings.Contains(buf.String(), "level=WARN") || strings.Contains(buf.String(), "level=ERROR") {
		t.Errorf("the rejection was logged as well as returned:\n%s", buf.String())
	}
}
