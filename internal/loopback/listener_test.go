package loopback

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

var (
	querySpec = Spec{Path: "/callback", Method: http.MethodGet, Field: "state"}
	formSpec  = Spec{Path: "/acs", Method: http.MethodPost, Read: ReadForm(64), Field: "relay", Require: []string{"response"}}
)

func listen(t *testing.T, spec Spec) *Listener {
	t.Helper()
	l, err := Listen(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// serve runs Wait in the background and returns what it delivers.
func serve(t *testing.T, l *Listener) <-chan url.Values {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	got := make(chan url.Values, 1)
	go func() {
		v, err := l.Wait(ctx)
		if err != nil {
			t.Errorf("Wait: %v", err)
		}
		got <- v
	}()
	return got
}

type request struct {
	name, method, path, host, ctype, body string
	want                                  int
}

func (rq request) do(t *testing.T, l *Listener) *http.Response {
	t.Helper()
	origin := strings.TrimSuffix(l.URL(), l.spec.Path)
	req, err := http.NewRequest(rq.method, origin+rq.path, strings.NewReader(rq.body))
	if err != nil {
		t.Fatal(err)
	}
	if rq.host != "" {
		req.Host = rq.host
	}
	if rq.ctype != "" {
		req.Header.Set("Content-Type", rq.ctype)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s: %v", rq.name, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestOneRequestIsDelivered: strays (favicon, other paths, methods, hosts,
// foreign or missing values, bad bodies) are answered and ignored; the first
// matching request ends the wait with a static page under strict headers.
func TestOneRequestIsDelivered(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	tests := []struct {
		name     string
		spec     Spec
		expect   string
		strays   []request
		real     request
		wantKey  string
		wantSent string
	}{
		{
			name: "query", spec: querySpec, expect: "s1",
			strays: []request{
				{"favicon", "GET", "/favicon.ico", "", "", "", 404},
				{"root", "GET", "/", "", "", "", 404},
				{"post", "POST", "/callback?state=s1", "", "", "", 405},
				{"rebinding host", "GET", "/callback?state=s1&code=c", "evil.test", "", "", 421},
				{"foreign state", "GET", "/callback?state=s2&code=c", "", "", "", 400},
				{"no state", "GET", "/callback?code=c", "", "", "", 400},
			},
			real:    request{"real", "GET", "/callback?state=s1&code=c", "", "", "", 200},
			wantKey: "code", wantSent: "c",
		},
		{
			name: "form", spec: formSpec, expect: "r1",
			strays: []request{
				{"favicon", "GET", "/favicon.ico", "", "", "", 404},
				{"get", "GET", "/acs", "", "", "", 405},
				{"rebinding host", "POST", "/acs", "evil.test", form, "response=x&relay=r1", 421},
				{"json", "POST", "/acs", "", "application/json", `{"response":"x"}`, 415},
				{"no type", "POST", "/acs", "", "", "response=x&relay=r1", 415},
				{"too large", "POST", "/acs", "", form, "response=" + strings.Repeat("x", 100) + "&relay=r1", 413},
				{"malformed", "POST", "/acs", "", form, "response=%zz&relay=r1", 400},
				{"missing required", "POST", "/acs", "", form, "relay=r1", 400},
				{"empty required", "POST", "/acs", "", form, "response=&relay=r1", 400},
				{"foreign relay", "POST", "/acs", "", form, "response=x&relay=r2", 400},
			},
			real:    request{"real", "POST", "/acs", "", form, "response=x&relay=r1", 200},
			wantKey: "response", wantSent: "x",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := listen(t, tc.spec)
			l.Expect(tc.expect)
			got := serve(t, l)
			for _, s := range append(tc.strays, tc.real) {
				resp := s.do(t, l)
				if resp.StatusCode != s.want {
					t.Errorf("%s: status %d, want %d", s.name, resp.StatusCode, s.want)
				}
				checkHeaders(t, s.name, resp.Header)
			}
			if v := <-got; v.Get(tc.wantKey) != tc.wantSent {
				t.Fatalf("delivered %v", v)
			}
			if _, err := http.Get(l.URL()); err == nil {
				t.Fatal("listener still serving after the request")
			}
		})
	}
}

func checkHeaders(t *testing.T, name string, h http.Header) {
	t.Helper()
	want := map[string]string{
		"Cache-Control":          "no-store",
		"Referrer-Policy":        "no-referrer",
		"X-Content-Type-Options": "nosniff",
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s: %s = %q, want %q", name, k, h.Get(k), v)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("%s: Content-Security-Policy = %q", name, csp)
	}
}

// TestSecondRequestConflicts: once delivered, a second matching request is
// told the sign-in was already received (409), not handed over again.
func TestSecondRequestConflicts(t *testing.T) {
	l := listen(t, querySpec)
	target := "http://" + l.host + "/callback?state=s&code=c"
	for i, want := range []int{http.StatusOK, http.StatusConflict} {
		rec := httptest.NewRecorder()
		l.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != want {
			t.Fatalf("request %d: status %d, want %d", i, rec.Code, want)
		}
		if want == http.StatusOK {
			if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("page Content-Type %q", ct)
			}
			if !strings.Contains(rec.Body.String(), "You can close this tab") {
				t.Errorf("page %q", rec.Body.String())
			}
		}
	}
	if v := <-l.result; v.Get("code") != "c" {
		t.Fatalf("delivered %v", v)
	}
}

// TestNoExpectationAcceptsAny: before Expect, any value of Field is taken.
func TestNoExpectationAcceptsAny(t *testing.T) {
	l := listen(t, querySpec)
	rec := httptest.NewRecorder()
	l.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://"+l.host+"/callback?code=c", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
}

// TestWaitEndsWithContext: a cancelled wait returns ctx.Err() and leaves
// nothing listening; closing again afterwards is not an error.
func TestWaitEndsWithContext(t *testing.T) {
	l := listen(t, querySpec)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait: %v", err)
	}
	if _, err := http.Get(l.URL()); err == nil {
		t.Fatal("listener still open")
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestListenAddress: the URL names 127.0.0.1, an ephemeral port and the path.
func TestListenAddress(t *testing.T) {
	l := listen(t, formSpec)
	u, err := url.Parse(l.URL())
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" || u.Port() == "0" || u.Path != "/acs" {
		t.Fatalf("URL %s", l.URL())
	}
}
