package oidcauth

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/loopback"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

// freePort is a loopback port nothing listens on (the system's pick,
// released).
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// recordingOpener remembers the authorization URL before the browser
// follows it.
type recordingOpener struct {
	*asyncBrowser
	opened chan string
}

func (o recordingOpener) Open(u string) error {
	o.opened <- u
	return o.asyncBrowser.Open(u)
}

// TestLoginAtFixedRedirect: with a fixed redirect URI, the browser flow
// sends exactly that redirect_uri and receives the code there, at an IdP
// that registered only it (a localhost URI, which the sandbox IdP matches
// exactly, port included).
func TestLoginAtFixedRedirect(t *testing.T) {
	e := newIdP(t)
	uri := "http://localhost:" + freePort(t) + "/auth/oidc/callback"
	if err := e.p.Register(oidcidp.Client{ID: "app-fixed", Secret: testSecret, RedirectURIs: []string{uri}}); err != nil {
		t.Fatal(err)
	}
	rp, err := NewRelyingParty(context.Background(), e.config("app-fixed"))
	if err != nil {
		t.Fatal(err)
	}
	op := recordingOpener{e.browser(maryUser, maryPassword).async(), make(chan string, 1)}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	toks, err := Login(ctx, rp, LoginOptions{Opener: op, RedirectURI: uri})
	if err != nil {
		t.Fatalf("Login: %v (browser: %v)", err, <-op.done)
	}
	if toks.Claims.Email != maryUser {
		t.Fatalf("signed in as %q", toks.Claims.Email)
	}
	if got := mustQuery(t, <-op.opened).Get("redirect_uri"); got != uri {
		t.Fatalf("redirect_uri %q, want exactly %q", got, uri)
	}
	if err := <-op.done; err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// TestLoginAtBusyRedirect: a fixed port another program holds fails the
// login before any browser opens, naming the port; no other port is tried.
func TestLoginAtBusyRedirect(t *testing.T) {
	e := newIdP(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())
	_, err = Login(context.Background(), e.rp(""), LoginOptions{Opener: failOpener{t},
		RedirectURI: "http://127.0.0.1:" + port + "/callback"})
	if !errors.Is(err, loopback.ErrPortInUse) || !strings.Contains(err.Error(), "port "+port+" is already in use") {
		t.Fatalf("Login on a held port: %v", err)
	}
}

// TestLoginRefusesNonLoopbackRedirect: a fixed redirect the CLI cannot
// listen at is refused before anything is sent.
func TestLoginRefusesNonLoopbackRedirect(t *testing.T) {
	e := newIdP(t)
	_, err := Login(context.Background(), e.rp(""), LoginOptions{Opener: failOpener{t},
		RedirectURI: "https://app.example.com/callback"})
	if err == nil || !strings.Contains(err.Error(), "redirect URI") || !strings.Contains(err.Error(), "plain http") {
		t.Fatalf("Login with an https redirect: %v", err)
	}
}
