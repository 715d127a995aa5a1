package samlauth

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/loopback"
	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// acsRecorder is a pageOpener that also notes the ACS the IdP posted to.
type acsRecorder struct {
	*pageOpener
	acs chan string
}

func (o acsRecorder) Open(u string) error {
	go func() {
		acs, form := browse(o.t, u, "mary", "pw-mary")
		o.acs <- acs
		resp, err := httpClient.PostForm(acs, form)
		if err != nil {
			o.page <- landed{err: err}
			return
		}
		resp.Body.Close()
		o.page <- landed{url: resp.Request.URL}
	}()
	return nil
}

// TestLoginAtFixedACS: with a fixed loopback ACS, the AuthnRequest names
// exactly it, the IdP (which registered only it: a localhost URL, matched
// exactly) posts there, and the response's Destination is checked
// against it.
func TestLoginAtFixedACS(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	fixed := "http://localhost:" + port + "/sso/saml"
	f.idp.AddServiceProvider(samlidp.ServiceProvider{EntityID: spEntityID, ACSURLs: []string{fixed},
		Roles: []samlidp.RolePair{{RoleARN: roleARN, ProviderARN: providerARN}}})
	op := acsRecorder{&pageOpener{t: t, page: make(chan landed, 1)}, make(chan string, 1)}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := Login(ctx, f.cfg, LoginOptions{Opener: op, ACSURL: fixed})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if res.Identity.Email != "mary_major@example.com" {
		t.Fatalf("signed in as %+v", res.Identity)
	}
	if got := <-op.acs; got != fixed {
		t.Fatalf("the IdP posted to %q, want exactly %q", got, fixed)
	}
	if p := <-op.page; p.err != nil || p.url.Path != "/done" || p.url.Host != "localhost:"+port {
		t.Fatalf("landed on %v (%v)", p.url, p.err)
	}
}

// TestLoginAtBusyACS: a fixed ACS port another program holds fails the
// login before any browser opens, naming the port.
func TestLoginAtBusyACS(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())
	opened := false
	_, err = Login(context.Background(), f.cfg, LoginOptions{Opener: openerFunc(func(string) error { opened = true; return nil }),
		ACSURL: (&url.URL{Scheme: "http", Host: "127.0.0.1:" + port, Path: ACSPath}).String()})
	if !errors.Is(err, loopback.ErrPortInUse) || !strings.Contains(err.Error(), "port "+port+" is already in use") || opened {
		t.Fatalf("Login on a held port: %v (browser opened: %v)", err, opened)
	}
}

type openerFunc func(string) error

func (f openerFunc) Open(u string) error { return f(u) }
