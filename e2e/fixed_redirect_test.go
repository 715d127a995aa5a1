package e2e_test

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
)

// dexFixedClientID is a confidential Dex client registered with exactly
// one redirect URI: Dex then compares redirect_uri exactly, port
// included, as Okta, Entra ID and Keycloak do for such clients.
const dexFixedClientID = "qbiz-fixed"

// TestDexFixedRedirect: an administrator registers
// http://127.0.0.1:PORT/callback at Dex for a client that allows no other
// redirect, provisions with qbiz admin apply --redirect-uri (which prints
// that exact URI and writes it into the profile), and qbiz login signs in
// through the browser flow at Dex's login form, listening exactly there.
// The same profile pointed at another port (OIDC_REDIRECT_URI, the
// samples' name) is refused by Dex, and qbiz login waits until cancelled.
func TestDexFixedRedirect(t *testing.T) {
	_, port, _ := net.SplitHostPort(freeLoopbackAddr(t))
	fixed := "http://127.0.0.1:" + port + "/callback"
	dex := startDex(t, map[string]any{"id": dexFixedClientID, "name": "qbiz CLI, fixed redirect",
		"secret": dexClientSecret, "redirectURIs": []string{fixed}})
	w := newEmptyWorld(t)
	stack := []string{"--mode", "oidc", "--name", "dexfix", "--region", w.info.Region, "--endpoint-url", w.sb.URL, "--aws-profile", "admin"}
	apply := append(append([]string{"admin", "apply"}, stack...), "--issuer", dex.issuer, "--client-id", dexFixedClientID,
		"--client-secret-stdin", "--redirect-uri", fixed, "--yes", "--write-profile", "dexfix")
	applied := w.must(w.runStdin(dexClientSecret+"\n", apply...), "admin apply")
	if !strings.Contains(applied.stdout, fixed+"   (qbiz login: register exactly this, port included)") {
		t.Fatalf("apply did not print the redirect URI to register:\n%s", applied.stdout)
	}
	cfg, _ := os.ReadFile(w.vars["AWS_CONFIG_FILE"])
	if !strings.Contains(string(cfg), "qbiz_redirect_uri = "+fixed+"\n") {
		t.Fatalf("the written profile lacks qbiz_redirect_uri = %s:\n%s", fixed, cfg)
	}

	w.loginAtDex(dex.browser(dexAlice), "dexfix")
	if who := w.whoamiJSON("dexfix"); who["issuer"] != dex.issuer || who["email"] != dexAlice {
		t.Fatalf("whoami = %v, want alice from %s", who, dex.issuer)
	}

	t.Run("another port is refused by Dex", func(t *testing.T) {
		_, other, _ := net.SplitHostPort(freeLoopbackAddr(t))
		wrong := "http://127.0.0.1:" + other + "/callback"
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		b := &refusedBrowser{cancel: cancel, seen: make(chan dexAnswer, 1)}
		var errb bytes.Buffer
		r := w.with(t).runCtx(ctx, &errb, b, map[string]string{"OIDC_REDIRECT_URI": wrong}, "login", "--profile", "dexfix")
		got := <-b.seen
		if got.err != nil {
			t.Fatalf("browser: %v", got.err)
		}
		if got.redirect != wrong {
			t.Errorf("qbiz login sent redirect_uri %q, want %q", got.redirect, wrong)
		}
		if got.status != http.StatusBadRequest || !strings.Contains(got.body, "Unregistered redirect_uri") {
			t.Errorf("Dex answered %d:\n%s", got.status, got.body)
		}
		if r.code == 0 {
			t.Fatalf("login succeeded with a redirect Dex refused:\n%s", errb.String())
		}
	})
}

// dexAnswer is what Dex said to the authorization request.
type dexAnswer struct {
	redirect, body string
	status         int
	err            error
}

// refusedBrowser opens the authorization URL, notes Dex's answer and,
// since the person can go no further, presses Ctrl-C.
type refusedBrowser struct {
	cancel context.CancelFunc
	seen   chan dexAnswer
}

func (b *refusedBrowser) Open(authURL string) error {
	go func() {
		defer b.cancel()
		u, err := url.Parse(authURL)
		if err != nil {
			b.seen <- dexAnswer{err: err}
			return
		}
		resp, err := http.Get(authURL)
		if err != nil {
			b.seen <- dexAnswer{err: err}
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		b.seen <- dexAnswer{redirect: u.Query().Get("redirect_uri"), status: resp.StatusCode, body: string(body)}
	}()
	return nil
}

// TestFixedRedirectPortInUse: when another program holds the profile's
// fixed port, qbiz login fails at once, naming the port and the program,
// opens no browser and tries no other port.
func TestFixedRedirectPortInUse(t *testing.T) {
	w := newWorld(t)
	w.configure()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())
	for _, tc := range []struct{ profile, variable, path string }{
		{"qbiz-sandbox-oidc", "OIDC_REDIRECT_URI", "/callback"},
		{"qbiz-sandbox-saml", "CUSTOM_ACS_URL", "/saml/acs"},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			r := w.with(t).runEnv(refuseBrowser{t}, map[string]string{tc.variable: "http://127.0.0.1:" + port + tc.path},
				"login", "--profile", tc.profile)
			for _, want := range []string{"port " + port + " is already in use", fmt.Sprintf("process %d", os.Getpid()),
				"no other port is tried", "hint: the profile's qbiz_redirect_uri fixes the port"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if r.code == 0 {
				t.Fatal("login succeeded on a held port")
			}
		})
	}
}

// TestSAMLFixedACS: with CUSTOM_ACS_URL (the samples' name for the fixed
// ACS), the AuthnRequest names exactly that URL, the sandbox IdP posts the
// response there, and the SAML sign-in completes.
func TestSAMLFixedACS(t *testing.T) {
	w := newWorld(t)
	w.configure()
	_, port, _ := net.SplitHostPort(freeLoopbackAddr(t))
	acs := "http://127.0.0.1:" + port + "/saml/acs"
	op := &acsNoter{next: w.browser("mary_major@example.com"), acs: make(chan string, 1)}
	r := w.runEnv(op, map[string]string{"CUSTOM_ACS_URL": acs}, "login", "--profile", "qbiz-sandbox-saml")
	if r.code != 0 {
		t.Fatalf("login: exit %d\n%s", r.code, r.stderr)
	}
	if got := <-op.acs; got != acs {
		t.Fatalf("the AuthnRequest names the ACS %q, want exactly %q", got, acs)
	}
}

// acsNoter reads the AssertionConsumerServiceURL of the HTTP-Redirect
// AuthnRequest, then browses on.
type acsNoter struct {
	next cli.Opener
	acs  chan string
}

func (o *acsNoter) Open(u string) error {
	o.acs <- authnRequestACS(u)
	return o.next.Open(u)
}

func authnRequestACS(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	raw, err := base64.StdEncoding.DecodeString(pu.Query().Get("SAMLRequest"))
	if err != nil {
		return ""
	}
	xml, _ := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
	_, rest, ok := strings.Cut(string(xml), `AssertionConsumerServiceURL="`)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}
