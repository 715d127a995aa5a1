package samlauth

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// TestACSIgnoresStrayRequests: wrong path, method, RelayState or a form
// without SAMLResponse do not end the wait; the first real post does (and
// the browser lands on the result page), and a second is refused.
func TestACSIgnoresStrayRequests(t *testing.T) {
	acs, err := ListenACS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer acs.Close()
	acs.Expect("relay-1")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := make(chan url.Values, 1)
	go func() { _ = acs.Receive(ctx, func(v url.Values) error { got <- v; return nil }) }()
	base := strings.TrimSuffix(acs.URL(), ACSPath)
	stray := []struct {
		name, method, path string
		form               url.Values
		want               int
	}{
		{"favicon", http.MethodGet, "/favicon.ico", nil, http.StatusNotFound},
		{"GET acs", http.MethodGet, ACSPath, nil, http.StatusMethodNotAllowed},
		{"no SAMLResponse", http.MethodPost, ACSPath, url.Values{"RelayState": {"relay-1"}}, http.StatusBadRequest},
		{"wrong RelayState", http.MethodPost, ACSPath, url.Values{"SAMLResponse": {"eA=="}, "RelayState": {"other"}}, http.StatusBadRequest},
		{"real", http.MethodPost, ACSPath, url.Values{"SAMLResponse": {"eA=="}, "RelayState": {"relay-1"}}, http.StatusOK},
	}
	for _, s := range stray {
		req, _ := http.NewRequest(s.method, base+s.path, strings.NewReader(s.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := httpClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != s.want {
			t.Errorf("%s: status %d, want %d", s.name, resp.StatusCode, s.want)
		}
		if s.name == "real" {
			if v := <-got; v.Get("SAMLResponse") != "eA==" {
				t.Fatalf("delivered %v", v)
			}
		}
	}
	second := url.Values{"SAMLResponse": {"eQ=="}, "RelayState": {"relay-1"}}
	if status, err := httpPostRaw(acs.URL(), second); err == nil && status != http.StatusConflict {
		t.Errorf("second post: status %d, want 409 or closed", status)
	}
}

// TestACSWrongHost: DNS-rebinding requests naming another host are refused.
func TestACSWrongHost(t *testing.T) {
	acs, err := ListenACS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "http://evil.example"+ACSPath, strings.NewReader("SAMLResponse=x"))
	acs.ServeHTTP(rec, req)
	if rec.Code != http.StatusMisdirectedRequest {
		t.Fatalf("status %d", rec.Code)
	}
	_ = acs.Close()
}

// TestSAML18_ResourceLimits: oversized bodies get 413 at the ACS, oversized
// or deeply nested responses are refused before parsing, without panics.
func TestSAML18_ResourceLimits(t *testing.T) {
	acs, err := ListenACS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer acs.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() { _ = acs.Receive(ctx, func(url.Values) error { return nil }) }()
	big := url.Values{"SAMLResponse": {strings.Repeat("A", 2<<20)}}
	var status int
	for range 50 { // the server starts asynchronously
		if status, err = httpPostRaw(acs.URL(), big); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if status != http.StatusRequestEntityTooLarge {
		t.Errorf("100 MB-style post: status %d, want 413", status)
	}

	f := newFixture(t, samlidp.SignAssertion)
	deep := strings.Repeat("<a>", 100_000) + strings.Repeat("</a>", 100_000)
	cases := map[string]struct {
		xml  string
		kind error
	}{
		"too large":     {strings.Repeat(" ", DefaultMaxResponseBytes+1) + "<x/>", ErrTooLarge},
		"nested 100k":   {deep[:DefaultMaxResponseBytes/2], ErrMalformed},
		"nested deeply": {strings.Repeat("<a>", 50) + strings.Repeat("</a>", 50), ErrMalformed},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req, form, _ := f.genuine("mary")
			wantReject(t, f.sp, req, withXML(form, tc.xml), tc.kind)
		})
	}
	t.Run("deflated response", func(t *testing.T) {
		req, form, _ := f.genuine("mary")
		form.Set("SAMLResponse", base64.StdEncoding.EncodeToString([]byte{0x78, 0x9c, 0x01, 0x02}))
		wantReject(t, f.sp, req, form, ErrMalformed)
	})
}

func TestMemoryReplayCache(t *testing.T) {
	now := t0
	c := NewMemoryReplayCacheAt(func() time.Time { return now })
	steps := []struct {
		id      string
		advance time.Duration
		want    bool
	}{
		{"a", 0, false}, {"a", 0, true}, {"b", 0, false},
		{"a", time.Minute - time.Second, true}, {"a", time.Second, false},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := c.Seen(s.id, t0.Add(time.Minute)); got != s.want {
			t.Errorf("step %d Seen(%q) = %v, want %v", i, s.id, got, s.want)
		}
	}
}

func TestFetchMetadata(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	md, err := FetchMetadata(context.Background(), httpClient, f.idp.MetadataURL())
	if err != nil || string(md) != string(f.idp.Metadata()) {
		t.Fatalf("FetchMetadata: %v", err)
	}
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", maxMetadataBytes+10)))
	}))
	defer huge.Close()
	cases := map[string]string{
		"too large":          huge.URL,
		"http on a LAN host": "http://192.0.2.1/metadata",
		"not found":          f.srv.URL + "/nothing",
	}
	for name, u := range cases {
		if _, err := FetchMetadata(context.Background(), httpClient, u); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestNewServiceProviderConfig(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	cases := map[string]func(*Config){
		"no entity ID":     func(c *Config) { c.EntityID = "" },
		"relative ACS":     func(c *Config) { c.ACSURL = "/saml/acs" },
		"no metadata":      func(c *Config) { c.IdPMetadata = nil },
		"metadata DOCTYPE": func(c *Config) { c.IdPMetadata = append([]byte("<!DOCTYPE x>"), c.IdPMetadata...) },
		"metadata no signing": func(c *Config) {
			c.IdPMetadata = []byte(strings.ReplaceAll(string(c.IdPMetadata), `use="signing"`, `use="encryption"`))
		},
	}
	for name, mod := range cases {
		cfg := f.cfg
		mod(&cfg)
		if _, err := NewServiceProvider(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if !errors.Is(func() error { c := f.cfg; c.IdPMetadata = []byte("<x/>"); _, e := NewServiceProvider(c); return e }(), ErrMetadata) {
		t.Error("bad metadata is not ErrMetadata")
	}
}
