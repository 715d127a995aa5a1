package oidcauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

const (
	testSecret   = "client-secret-0123456789"
	loopbackURI  = "http://127.0.0.1/callback"
	serverURI    = "https://app.example.com/callback"
	maryUser     = "mary_major@example.com"
	maryPassword = "pw-mary"
	mateoUser    = "mateo_jackson@example.com"
	mateoPass    = "pw-mateo"
)

var testUsers = []directory.User{
	{Username: maryUser, Password: maryPassword, Email: maryUser, Name: "Mary Major", Groups: []string{"core-team"}},
	{Username: mateoUser, Password: mateoPass, Email: mateoUser, Name: "Mateo Jackson"},
}

// fakeClock is shared by the IdP and the RP so skew boundaries are exact.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// recorder counts requests per path and keeps token-endpoint requests.
type recorder struct {
	mu     sync.Mutex
	counts map[string]int
	bodies map[string][]string
	auth   map[string][]string
}

func (r *recorder) record(req *http.Request, body string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[req.URL.Path]++
	r.bodies[req.URL.Path] = append(r.bodies[req.URL.Path], body)
	r.auth[req.URL.Path] = append(r.auth[req.URL.Path], req.Header.Get("Authorization"))
}

func (r *recorder) count(suffix string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for p, c := range r.counts {
		if strings.HasSuffix(p, suffix) {
			n += c
		}
	}
	return n
}

// idp is the sandbox OIDC provider on httptest.
type idp struct {
	t      *testing.T
	srv    *httptest.Server
	p      *oidcidp.Provider
	clock  *fakeClock
	issuer string
	rec    *recorder
}

func newIdP(t *testing.T) *idp {
	t.Helper()
	return newIdPWith(t, nil)
}

// newIdPWith is newIdP with wrap (when not nil) between the recorder and
// the provider, to make the provider misbehave.
func newIdPWith(t *testing.T, wrap func(http.Handler) http.Handler) *idp {
	t.Helper()
	rec := &recorder{counts: map[string]int{}, bodies: map[string][]string{}, auth: map[string][]string{}}
	var h http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.record(r, string(body))
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ck := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	issuer := srv.URL + "/idp/oidc"
	p, err := oidcidp.New(oidcidp.Options{Issuer: issuer, Directory: directory.New(testUsers...), Now: ck.Now})
	if err != nil {
		t.Fatal(err)
	}
	h = p
	if wrap != nil {
		h = wrap(p)
	}
	return &idp{t: t, srv: srv, p: p, clock: ck, issuer: issuer, rec: rec}
}

// client registers a confidential client with profile and returns its id.
func (e *idp) client(profile string) string {
	e.t.Helper()
	id := "app-" + profile
	if profile == "" {
		id = "app-normal"
	}
	err := e.p.Register(oidcidp.Client{ID: id, Secret: testSecret, RedirectURIs: []string{loopbackURI, serverURI}, Profile: profile})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *idp) config(clientID string) Config {
	return Config{Issuer: e.issuer, ClientID: clientID, ClientSecret: logging.Secret(testSecret),
		Scopes: []string{"email", "profile", "groups", "offline_access"}, RedirectURL: serverURI,
		HTTPClient: e.srv.Client(), Now: e.clock.Now, Logger: logging.Discard()}
}

func (e *idp) rp(profile string) *RelyingParty {
	e.t.Helper()
	rp, err := NewRelyingParty(context.Background(), e.config(e.client(profile)))
	if err != nil {
		e.t.Fatal(err)
	}
	return rp
}

// browser signs a person in at the sandbox IdP's login form over HTTP.
type browser struct {
	hc         *http.Client
	user, pass string
}

func (e *idp) browser(user, pass string) *browser {
	hc := *e.srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{hc: &hc, user: user, pass: pass}
}

var requestIDRe = regexp.MustCompile(`name="request_id" value="([^"]*)"`)

// authorize follows authURL through the login form and returns the
// redirect the IdP answered with (not followed).
func (b *browser) authorize(authURL string) (*url.URL, error) {
	resp, err := b.hc.Get(authURL)
	if err != nil {
		return nil, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := requestIDRe.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		return nil, fmt.Errorf("login form: HTTP %d: %s", resp.StatusCode, page)
	}
	return b.submit(authURL, string(m[1]))
}

func (b *browser) submit(authURL, requestID string) (*url.URL, error) {
	u, _ := url.Parse(authURL)
	resp, err := b.hc.PostForm(u.Scheme+"://"+u.Host+u.Path, url.Values{
		"request_id": {requestID}, "username": {b.user}, "password": {b.pass}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		return nil, fmt.Errorf("sign-in: HTTP %d without redirect", resp.StatusCode)
	}
	return loc, nil
}

// callback signs in and returns the authorization response parameters.
func (b *browser) callback(t *testing.T, authURL string) url.Values {
	t.Helper()
	loc, err := b.authorize(authURL)
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

// asyncBrowser is an Opener that signs in in the background and follows the
// final redirect to the loopback listener, and the listener's redirect to
// its result page, like a real browser. redirect is the listener's answer
// at the redirect URI, page the result page.
type asyncBrowser struct {
	*browser
	done     chan error
	redirect chan *http.Response
	page     chan *http.Response
}

func (b *browser) async() *asyncBrowser {
	return &asyncBrowser{browser: b, done: make(chan error, 1), redirect: make(chan *http.Response, 1), page: make(chan *http.Response, 1)}
}

func (a *asyncBrowser) Open(authURL string) error {
	go func() {
		loc, err := a.authorize(authURL)
		if err == nil {
			err = a.land(loc)
		}
		a.done <- err
	}()
	return nil
}

// land visits the loopback redirect URI, then the page it redirects to.
func (a *asyncBrowser) land(loc *url.URL) error {
	resp, err := a.fetch(loc)
	if err != nil {
		return err
	}
	a.redirect <- resp
	next, err := resp.Location()
	if err != nil {
		return fmt.Errorf("loopback answered %d without a redirect", resp.StatusCode)
	}
	page, err := a.fetch(next)
	if err == nil {
		a.page <- page
	}
	return err
}

// fetch GETs u and keeps the body readable after the connection closes.
func (a *asyncBrowser) fetch(u *url.URL) (*http.Response, error) {
	resp, err := a.hc.Get(u.String())
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	return resp, nil
}

// login runs a server-style code flow with a fresh transaction.
func login(t *testing.T, e *idp, rp *RelyingParty) (*Tokens, error) {
	t.Helper()
	authURL, tx, err := rp.Begin(serverURI)
	if err != nil {
		t.Fatal(err)
	}
	return rp.Complete(context.Background(), tx, e.browser(maryUser, maryPassword).callback(t, authURL))
}

func wantErr(t *testing.T, err error, targets ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error, want %v", targets)
	}
	for _, target := range targets {
		if !errors.Is(err, target) {
			t.Fatalf("got %v, want errors.Is %v", err, target)
		}
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var authURLRe = regexp.MustCompile(`http://\S+/authorize\?\S+`)
