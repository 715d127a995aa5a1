package oidcidp

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

const (
	confID     = "conf-app"
	confSecret = "s3cret/with+chars"
	confRedir  = "https://app.example.com/callback"
	pubID      = "cli-app"
	pubRedir   = "http://127.0.0.1/cb"
	pubRedir6  = "http://[::1]/cb"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	t      *testing.T
	srv    *httptest.Server
	p      *Provider
	clock  *clock
	issuer string
	http   *http.Client // does not follow redirects
}

var testUsers = []directory.User{
	{Username: "mary_major@example.com", Password: "pw-mary", Email: "mary_major@example.com", Name: "Mary Major", Groups: []string{"core-team"}},
	{Username: "mateo_jackson@example.com", Password: "pw-mateo", Email: "mateo_jackson@example.com"},
}

func defaultClients() []Client {
	return []Client{
		{ID: confID, Secret: confSecret, RedirectURIs: []string{confRedir}, PostLogoutRedirectURIs: []string{"https://app.example.com/bye"}},
		{ID: pubID, RedirectURIs: []string{pubRedir, pubRedir6}},
	}
}

func newEnv(t *testing.T, clients ...Client) *env {
	t.Helper()
	if len(clients) == 0 {
		clients = defaultClients()
	}
	var h http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	ck := &clock{t: time.Now().Truncate(time.Second)}
	issuer := srv.URL + "/idp/oidc"
	p, err := New(Options{Issuer: issuer, Directory: directory.New(testUsers...), Clients: clients, Now: ck.Now})
	if err != nil {
		t.Fatal(err)
	}
	h = p
	hc := srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &env{t: t, srv: srv, p: p, clock: ck, issuer: issuer, http: hc}
}

func (e *env) ctx() context.Context {
	return context.WithValue(context.Background(), oauth2.HTTPClient, e.srv.Client())
}

func (e *env) config(id, secret, redirect string, style oauth2.AuthStyle) *oauth2.Config {
	return &oauth2.Config{
		ClientID: id, ClientSecret: secret, RedirectURL: redirect,
		Endpoint: oauth2.Endpoint{
			AuthURL: e.issuer + "/authorize", TokenURL: e.issuer + "/token",
			DeviceAuthURL: e.issuer + "/device/code", AuthStyle: style,
		},
		Scopes: []string{"openid", "email", "profile"},
	}
}

func (e *env) confConfig() *oauth2.Config {
	return e.config(confID, confSecret, confRedir, oauth2.AuthStyleInHeader)
}

var hiddenRe = regexp.MustCompile(`name="(request_id|user_code)" value="([^"]*)"`)

// get performs a GET without following redirects and returns status, body, Location.
func (e *env) get(raw string) (int, string, *url.URL) {
	e.t.Helper()
	resp, err := e.http.Get(raw)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResp(e.t, resp)
}

func (e *env) postForm(path string, form url.Values) (int, string, *url.URL) {
	e.t.Helper()
	resp, err := e.http.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResp(e.t, resp)
}

func readResp(t *testing.T, resp *http.Response) (int, string, *url.URL) {
	t.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	loc, _ := resp.Location()
	return resp.StatusCode, string(b), loc
}

// authorize starts a login and returns the pending request id from the form.
func (e *env) authorize(authURL string) string {
	e.t.Helper()
	status, body, loc := e.get(authURL)
	if status != http.StatusOK || loc != nil {
		e.t.Fatalf("authorize: status %d location %v body %s", status, loc, body)
	}
	m := hiddenRe.FindStringSubmatch(body)
	if m == nil || m[1] != "request_id" {
		e.t.Fatalf("authorize: no request_id in form: %s", body)
	}
	return m[2]
}

// signIn posts the login form and returns the redirect.
func (e *env) signIn(id, user, pass string) *url.URL {
	e.t.Helper()
	status, body, loc := e.postForm("/idp/oidc/authorize", url.Values{"request_id": {id}, "username": {user}, "password": {pass}})
	if status != http.StatusSeeOther || loc == nil {
		e.t.Fatalf("sign in: status %d body %s", status, body)
	}
	return loc
}

type loginResult struct {
	code, verifier, nonce, state string
	redirect                     *url.URL
}

// login runs authorize + sign-in with PKCE S256 and a nonce as mary.
func (e *env) login(cfg *oauth2.Config, redirect string) loginResult {
	e.t.Helper()
	lr := loginResult{verifier: oauth2.GenerateVerifier(), nonce: "n-" + randomToken(8), state: "s-" + randomToken(8)}
	c := *cfg
	c.RedirectURL = redirect
	u := c.AuthCodeURL(lr.state, oauth2.S256ChallengeOption(lr.verifier), oidc.Nonce(lr.nonce))
	lr.redirect = e.signIn(e.authorize(u), "mary_major@example.com", "pw-mary")
	lr.code = lr.redirect.Query().Get("code")
	if lr.code == "" {
		e.t.Fatalf("no code in %s", lr.redirect)
	}
	return lr
}

func (e *env) exchange(cfg *oauth2.Config, lr loginResult) (*oauth2.Token, error) {
	return cfg.Exchange(e.ctx(), lr.code, oauth2.VerifierOption(lr.verifier))
}

func (e *env) verifier(clientID string) *oidc.IDTokenVerifier {
	e.t.Helper()
	ctx := oidc.ClientContext(context.Background(), e.srv.Client())
	prov, err := oidc.NewProvider(ctx, e.issuer)
	if err != nil {
		e.t.Fatal(err)
	}
	return prov.Verifier(&oidc.Config{ClientID: clientID, Now: e.clock.Now})
}

// tokenPost posts a raw token request with optional basic auth.
func (e *env) tokenPost(form url.Values, user, pass string) (int, map[string]any, http.Header) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.issuer+"/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(url.QueryEscape(user), url.QueryEscape(pass))
	}
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m, resp.Header
}

// oauthErrCode extracts the OAuth error code from an x/oauth2 error.
func oauthErrCode(err error) string {
	if re, ok := err.(*oauth2.RetrieveError); ok {
		return re.ErrorCode
	}
	return ""
}

// decodeJWT returns the header and payload of a compact JWT without verifying.
func decodeJWT(t *testing.T, raw string) (map[string]any, map[string]any) {
	t.Helper()
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWT: %q", raw)
	}
	dec := func(s string) map[string]any {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	return dec(parts[0]), dec(parts[1])
}

func jsonDecode(resp *http.Response, v any) error { return json.NewDecoder(resp.Body).Decode(v) }

func newEnvDirectory() *directory.Directory { return directory.New(testUsers...) }
