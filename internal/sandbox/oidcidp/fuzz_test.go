package oidcidp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

var (
	fuzzOnce sync.Once
	fuzzProv *Provider
)

const fuzzIssuer = "http://127.0.0.1:9/idp/oidc"

// fuzzProvider is shared across fuzz iterations: key generation is slow.
func fuzzProvider(t testing.TB) *Provider {
	fuzzOnce.Do(func() {
		p, err := New(Options{Issuer: fuzzIssuer, Directory: directory.New(testUsers...), Clients: defaultClients()})
		if err != nil {
			t.Fatal(err)
		}
		fuzzProv = p
	})
	return fuzzProv
}

func FuzzTokenForm(f *testing.F) {
	seeds := []string{
		"grant_type=authorization_code&code=x&redirect_uri=" + url.QueryEscape(confRedir) + "&code_verifier=abc",
		"grant_type=refresh_token&refresh_token=x&scope=openid",
		"grant_type=" + url.QueryEscape(grantDeviceCode) + "&device_code=x&client_id=" + pubID,
		"grant_type=password", "code=%zz", "a=1&a=2", "client_id=" + pubID + "&client_secret=x", "",
		"grant_type=authorization_code&client_id=" + pubID + "&code=&redirect_uri=\xff",
	}
	for _, s := range seeds {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, body string, basic bool) {
		if len(body) > 2*maxFormBytes {
			return
		}
		p := fuzzProvider(t)
		req := httptest.NewRequest(http.MethodPost, fuzzIssuer+"/token", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if basic {
			req.SetBasicAuth(confID, url.QueryEscape(confSecret))
		}
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, req)
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("non-JSON token response %d: %q", rec.Code, rec.Body.String())
		}
		if rec.Code != http.StatusOK && (m["error"] == nil || m["error_description"] == nil) {
			t.Fatalf("error without OAuth shape: %d %v", rec.Code, m)
		}
	})
}

func FuzzAuthorizeQuery(f *testing.F) {
	ch := strings.Repeat("A", 43)
	seeds := []string{
		"client_id=" + pubID + "&redirect_uri=" + pubRedir + "&response_type=code&scope=openid&code_challenge_method=S256&code_challenge=" + ch,
		"client_id=" + confID + "&redirect_uri=" + url.QueryEscape(confRedir) + "&response_type=token&scope=openid",
		"client_id=" + pubID + "&redirect_uri=http://127.0.0.1:8080/cb&response_type=code&code_challenge_method=plain",
		"client_id=" + pubID + "&redirect_uri=http://evil.test/cb", "client_id=x&client_id=y", "%zz", "",
		"client_id=" + pubID + "&redirect_uri=http://[::1]:1/cb&prompt=none&state=%ff",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		if len(query) > 2*maxQueryBytes {
			return
		}
		p := fuzzProvider(t)
		req := httptest.NewRequest(http.MethodGet, fuzzIssuer+"/authorize", nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, req)
		loc := rec.Header().Get("Location")
		if loc == "" {
			return
		}
		q, _ := url.ParseQuery(query)
		c, ok := p.lookupClient(q.Get("client_id"))
		if !ok || !c.redirectAllowed(q.Get("redirect_uri")) {
			t.Fatalf("redirected to %q for an untrusted client or redirect_uri", loc)
		}
		if !strings.HasPrefix(loc, q.Get("redirect_uri")) && !strings.HasPrefix(loc, strings.SplitN(q.Get("redirect_uri"), "?", 2)[0]) {
			t.Fatalf("redirected to %q, not the registered %q", loc, q.Get("redirect_uri"))
		}
	})
}

func FuzzRedirectMatch(f *testing.F) {
	for _, s := range []string{pubRedir, "http://127.0.0.1:8080/cb", "http://[::1]:0/cb", "http://127.0.0.1:8080/cb?x", "http://u@127.0.0.1:1/cb"} {
		f.Add(s)
	}
	c := defaultClients()[1]
	f.Fuzz(func(t *testing.T, got string) {
		if !c.redirectAllowed(got) {
			return
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "http" || u.User != nil || u.Path != "/cb" || u.RawQuery != "" || u.Fragment != "" || !isLoopbackIP(u.Hostname()) {
			t.Fatalf("accepted %q", got)
		}
	})
}
