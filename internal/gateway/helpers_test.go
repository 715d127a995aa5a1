package gateway

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/tokencache"
)

const testOrigin = "http://127.0.0.1:8000"

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a gateway with one OIDC IdP that is never contacted, on a
// memory store and a settable clock; sessions are made directly.
type fixture struct {
	t     *testing.T
	clk   *clock
	store session.Store
	srv   *Server
	hits  map[string]int // requests that reached the stand-in API, by path
	mu    sync.Mutex
}

func newFixture(t *testing.T, mutate ...func(*config.Gateway, *Deps)) *fixture {
	t.Helper()
	clk := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	key := make([]byte, session.KeySize)
	_, _ = rand.Read(key)
	sealer, err := session.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, clk: clk, hits: map[string]int{}}
	cfg := config.Gateway{PublicURL: testOrigin, IdPs: []config.GatewayIdP{{Name: "corp", Label: "Corp",
		Profile: config.Profile{Mode: identity.ModeOIDC, Issuer: "http://127.0.0.1:9/idp", ClientID: "gw",
			RoleARN: "arn:aws:iam::123456789012:role/r", Region: "us-east-1", ApplicationID: "app-1"}}}}
	d := Deps{Store: session.NewMemoryStore(clk.Now), Sealer: sealer, Now: clk.Now, Logger: logging.Discard()}
	for _, m := range mutate {
		m(&cfg, &d)
	}
	f.store = d.Store
	srv, err := New(context.Background(), cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	real := srv.api
	srv.routes.add("/api/", &route{name: "api", prefix: true, access: private, handler: f.standIn(real),
		methods: []string{http.MethodGet, http.MethodPost, http.MethodDelete}})
	f.srv = srv
	return f
}

// standIn counts the requests that got through to the API; /api/me is
// the real API's (who the request was for), anything else is answered
// 200 without calling Q Business.
func (f *fixture) standIn(real http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits[r.URL.Path]++
		f.mu.Unlock()
		if r.URL.Path == "/api/me" {
			real.ServeHTTP(w, r)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{})
	})
}

func (f *fixture) reached(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// signIn makes a session for subject with AWS credentials valid for an
// hour, as a completed sign-in would.
func (f *fixture) signIn(subject string) *session.Session {
	f.t.Helper()
	sess, err := f.srv.create(context.Background(), f.srv.idps["corp"], entryFor(subject, f.clk.Now()))
	if err != nil {
		f.t.Fatal(err)
	}
	return sess
}

// req is a request as a same-origin page of the gateway would send it.
type req struct {
	method, path, body string
	sess               *session.Session
	header             http.Header
}

func (f *fixture) do(q req) *httptest.ResponseRecorder {
	f.t.Helper()
	if q.method == "" {
		q.method = http.MethodGet
	}
	// Parsed from the wire, as the server parses it: the path stays as sent.
	raw := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Length: %d\r\n\r\n%s",
		q.method, q.path, len(q.body), q.body)
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		f.t.Fatalf("request %q: %v", q.path, err)
	}
	r.RemoteAddr = "192.0.2.1:1234"
	if q.sess != nil {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: q.sess.ID})
	}
	if !safeMethod(q.method) {
		r.Header.Set("Origin", testOrigin)
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.Header.Set("Content-Type", "application/json")
		if q.sess != nil {
			r.Header.Set(csrfHeader, q.sess.CSRF)
		}
	}
	for k, vs := range q.header {
		r.Header.Del(k)
		for _, v := range vs {
			if v != "" {
				r.Header.Add(k, v)
			}
		}
	}
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, r)
	return rec
}

// entryFor is a signed-in entry of subject whose AWS credentials last an
// hour from now.
func entryFor(subject string, now time.Time) tokencache.Entry {
	return tokencache.Entry{Mode: identity.ModeOIDC,
		Identity: identity.Identity{Issuer: "http://127.0.0.1:9/idp", Subject: subject, Email: subject + "@example.com"},
		AWS: tokencache.Credentials{AccessKeyID: "ASIA" + strings.ToUpper(subject), SecretAccessKey: "s", SessionToken: "t",
			Expiration: now.Add(time.Hour)}}
}
