package oidcauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

// forgedToken is a JWT with a random kid and a garbage signature.
func forgedToken() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	enc := base64.RawURLEncoding.EncodeToString
	hdr := fmt.Sprintf(`{"alg":"RS256","kid":%q}`, enc(b))
	return enc([]byte(hdr)) + "." + enc([]byte(`{"sub":"x"}`)) + "." + enc(b)
}

func TestOIDC23_JWKSRefetchRateLimited(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	if _, err := login(t, e, rp); err != nil {
		t.Fatal(err)
	}
	loaded := e.rec.count("/jwks")
	verifyMany := func() {
		var wg sync.WaitGroup
		for range 1000 {
			wg.Go(func() {
				_, err := rp.Verify(context.Background(), forgedToken(), "n")
				if !errors.Is(err, ErrSignature) {
					t.Errorf("forged token: %v", err)
				}
			})
		}
		wg.Wait()
	}
	for _, round := range []struct {
		advance time.Duration
		want    int
	}{{0, 1}, {DefaultKeyRefreshInterval - time.Second, 1}, {time.Second, 2}} {
		e.clock.Advance(round.advance)
		verifyMany()
		if n := e.rec.count("/jwks") - loaded; n != round.want {
			t.Fatalf("after %v more: %d re-fetches, want %d (one per interval)", round.advance, n, round.want)
		}
	}
}

// OIDC-20: a login signed with a key rotated in since the last fetch is
// accepted at once (one re-fetch); a second rotation within the same
// interval waits for the rate limit (OIDC-23), then is accepted.
func TestOIDC20_KeyRotationRefetches(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	if _, err := login(t, e, rp); err != nil {
		t.Fatal(err)
	}
	if err := e.p.RotateKeys(); err != nil {
		t.Fatal(err)
	}
	if _, err := login(t, e, rp); err != nil {
		t.Fatalf("first login after rotation: %v", err)
	}
	if err := e.p.RotateKeys(); err != nil {
		t.Fatal(err)
	}
	_, err := login(t, e, rp)
	wantErr(t, err, ErrSignature)
	e.clock.Advance(DefaultKeyRefreshInterval)
	if _, err := login(t, e, rp); err != nil {
		t.Fatalf("after the second rotation and one interval: %v", err)
	}
	if n := e.rec.count("/jwks"); n != 3 {
		t.Fatalf("jwks fetched %d times, want 3 (load and one re-fetch per rotation)", n)
	}
}

func TestOIDC21_RotationJustBeforeSigning(t *testing.T) {
	e := newIdP(t)
	rp := e.rp(oidcidp.ProfileRotateBeforeSign)
	for i := range 3 {
		if _, err := login(t, e, rp); err != nil {
			t.Fatalf("login %d: %v", i, err)
		}
		e.clock.Advance(DefaultKeyRefreshInterval)
	}
}

func TestOIDC22_UnknownKeyTypesIgnored(t *testing.T) {
	runProfiles(t, []profileCase{{oidcidp.ProfileJWKSUnknownKeyType, nil}})
}

func TestOIDC22_ParseJWKSKeepsOnlyUsableKeys(t *testing.T) {
	e := newIdP(t)
	e.client(oidcidp.ProfileJWKSUnknownKeyType)
	resp, err := e.srv.Client().Get(e.issuer + "/jwks")
	if err != nil {
		t.Fatal(err)
	}
	real := readAll(t, resp)
	cases := []struct {
		name, body string
		want       int
	}{
		{"sandbox with AKP and invented kty", real, 1},
		{"symmetric key", `{"keys":[{"kty":"oct","k":"c2VjcmV0","alg":"HS256"}]}`, 0},
		{"encryption key", strings.Replace(real, `"use":"sig"`, `"use":"enc"`, 1), 0},
		{"alg outside the allow-list", strings.Replace(real, `"alg":"RS256"`, `"alg":"RS1"`, 1), 0},
		{"not a key set", `[]`, 0},
	}
	for _, tc := range cases {
		keys, err := parseJWKS([]byte(tc.body))
		if len(keys) != tc.want || (tc.want == 0) != (err != nil) {
			t.Errorf("%s: got %d keys, err %v; want %d", tc.name, len(keys), err, tc.want)
		}
	}
}

func TestOIDC19_DiscoveryIssuerMismatch(t *testing.T) {
	e := newIdP(t)
	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := e.srv.Client().Get(e.issuer + "/.well-known/openid-configuration")
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		_, _ = io.Copy(w, resp.Body) // metadata naming the real issuer
	}))
	t.Cleanup(hostile.Close)
	cases := []struct{ name, issuer string }{
		{"trailing slash", e.issuer + "/"},
		{"another issuer's metadata", hostile.URL + "/idp/oidc"},
	}
	for _, tc := range cases {
		cfg := e.config(e.client(""))
		cfg.Issuer = tc.issuer
		rp, err := NewRelyingParty(context.Background(), cfg)
		wantErr(t, err, ErrIssuerMismatch)
		if rp != nil {
			t.Fatalf("%s: relying party built", tc.name)
		}
	}
	if n := e.rec.count("/authorize"); n != 0 {
		t.Fatal("authorization request sent")
	}
}

func TestOIDC18_DiscoveryFailures(t *testing.T) {
	e := newIdP(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	cases := []struct {
		name string
		edit func(*Config)
		want error
	}{
		{"unreachable", func(c *Config) { c.Issuer = closed.URL }, ErrIdPUnreachable},
		{"not found", func(c *Config) { c.Issuer = e.srv.URL + "/nope" }, ErrDiscovery},
		{"plain http on a public host", func(c *Config) { c.Issuer = "http://idp.example.com" }, ErrDiscovery},
		{"body over the cap", func(c *Config) { c.MaxResponseBytes = 100 }, errBodyTooLarge},
	}
	for _, tc := range cases {
		cfg := e.config(e.client(""))
		tc.edit(&cfg)
		_, err := NewRelyingParty(context.Background(), cfg)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v want %v", tc.name, err, tc.want)
		}
	}
}

func TestCheckEndpoint(t *testing.T) {
	cases := []struct {
		url       string
		allowHTTP bool
		ok        bool
	}{
		{"https://idp.example.com/x", false, true},
		{"http://127.0.0.1:8080/x", false, true},
		{"http://[::1]:8080/x", false, true},
		{"http://localhost/x", false, true},
		{"http://idp.example.com/x", false, false},
		{"http://idp.example.com/x", true, true},
		{"https://user@idp.example.com/x", false, false},
		{"https://idp.example.com/x#frag", false, false},
		{"/relative", false, false},
		{"ftp://idp.example.com", true, false},
	}
	for _, tc := range cases {
		if err := checkEndpoint("e", tc.url, tc.allowHTTP); (err == nil) != tc.ok {
			t.Errorf("%s allowHTTP=%v: got %v", tc.url, tc.allowHTTP, err)
		}
	}
}

func TestCappedBody(t *testing.T) {
	cases := []struct {
		size    int
		wantErr bool
	}{{99, false}, {100, false}, {101, true}, {5000, true}}
	for _, tc := range cases {
		b := &cappedBody{rc: io.NopCloser(strings.NewReader(strings.Repeat("x", tc.size))), max: 100}
		got, err := io.ReadAll(b)
		if (err != nil) != tc.wantErr || (!tc.wantErr && len(got) != tc.size) {
			t.Errorf("size %d: got %d bytes, err %v", tc.size, len(got), err)
		}
	}
}
