package loopback

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

var (
	querySpec = Spec{Path: "/callback", Method: http.MethodGet, Field: "state", Awaits: "the test response"}
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

// received is what Receive handed to accept and what it returned.
type received struct {
	values url.Values
	err    error
}

// serve runs Receive in the background with an accept that records the
// values and returns verdict.
func serve(t *testing.T, l *Listener, verdict error) <-chan received {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	got := make(chan received, 1)
	go func() {
		var v url.Values
		err := l.Receive(ctx, func(vals url.Values) error { v = vals; return verdict })
		got <- received{v, err}
	}()
	return got
}

type request struct {
	name, method, path, host, ctype, body string
	want                                  int
}

func (rq request) do(t *testing.T, l *Listener) *http.Response {
	t.Helper()
	origin := "http://" + l.host
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
	resp, err := http.DefaultTransport.RoundTrip(req) // redirects are not followed
	if err != nil {
		t.Fatalf("%s: %v", rq.name, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOneRequestIsDelivered: strays (favicon, other paths, methods, hosts,
// foreign or missing values, bad bodies, the result pages before any
// verdict) are answered and ignored; the first matching request is judged,
// then redirected (303, no body) to the clean /done page, served under
// strict headers, after which the listener is gone.
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
				{"done before the verdict", "GET", "/done", "", "", "", 404},
				{"failed before the verdict", "GET", "/failed", "", "", "", 404},
				{"post", "POST", "/callback?state=s1", "", "", "", 405},
				{"rebinding host", "GET", "/callback?state=s1&code=c", "evil.test", "", "", 421},
				{"foreign state", "GET", "/callback?state=s2&code=c", "", "", "", 400},
				{"no state", "GET", "/callback?code=c", "", "", "", 400},
			},
			real:    request{"real", "GET", "/callback?state=s1&code=c", "", "", "", 303},
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
			real:    request{"real", "POST", "/acs", "", form, "response=x&relay=r1", 303},
			wantKey: "response", wantSent: "x",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := listen(t, tc.spec)
			l.Expect(tc.expect)
			got := serve(t, l, nil)
			for _, s := range append(tc.strays, tc.real) {
				resp := s.do(t, l)
				if resp.StatusCode != s.want {
					t.Errorf("%s: status %d, want %d", s.name, resp.StatusCode, s.want)
				}
				checkHeaders(t, s.name, resp.Header)
			}
			page := showResult(t, l, donePath)
			if !strings.Contains(page, "Signed in") || !strings.Contains(page, "close this tab") {
				t.Errorf("done page %q", page)
			}
			if r := <-got; r.err != nil || r.values.Get(tc.wantKey) != tc.wantSent {
				t.Fatalf("Receive: %v, delivered %v", r.err, r.values)
			}
			if _, err := http.Get(l.URL()); err == nil {
				t.Fatal("listener still serving after the result page")
			}
		})
	}
}

// showResult checks that only want exists of the two result pages, fetches
// it as the redirected browser would and returns its page.
func showResult(t *testing.T, l *Listener, want string) string {
	t.Helper()
	other := map[string]string{donePath: failedPath, failedPath: donePath}[want]
	if resp := (request{name: "other page", method: "GET", path: other}).do(t, l); resp.StatusCode != http.StatusNotFound {
		t.Errorf("%s after a verdict for %s: status %d, want 404", other, want, resp.StatusCode)
	}
	resp := (request{name: "result page", method: "GET", path: want}).do(t, l)
	checkHeaders(t, "result page", resp.Header)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("%s: status %d, Content-Type %q", want, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return body(t, resp)
}

// TestRedirectIsClean (OAUTH-08): the URL that carried the response is
// answered with a bare 303 to a path of the listener's own origin that
// carries nothing of the request.
func TestRedirectIsClean(t *testing.T) {
	l := listen(t, querySpec)
	l.Expect("s1")
	got := serve(t, l, nil)
	resp := (request{name: "callback", method: "GET", path: "/callback?state=s1&code=secret-code"}).do(t, l)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc != donePath {
		t.Fatalf("callback: status %d, Location %q; want 303 to %s", resp.StatusCode, loc, donePath)
	}
	if b := body(t, resp); b != "" {
		t.Errorf("the callback URL rendered a page: %q", b)
	}
	checkHeaders(t, "callback", resp.Header)
	_ = showResult(t, l, donePath)
	<-got
}

// TestRejectedResponseSaysFailed: when the caller refuses the response,
// the browser is sent to /failed, whose page says the sign-in failed and
// to look at the terminal, and Receive returns the caller's error.
func TestRejectedResponseSaysFailed(t *testing.T) {
	refused := errors.New("the response was refused")
	l := listen(t, querySpec)
	l.Expect("s1")
	got := serve(t, l, refused)
	resp := (request{name: "callback", method: "GET", path: "/callback?state=s1&error=access_denied"}).do(t, l)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != failedPath {
		t.Fatalf("callback: status %d, Location %q; want 303 to %s", resp.StatusCode, resp.Header.Get("Location"), failedPath)
	}
	page := showResult(t, l, failedPath)
	if !strings.Contains(page, "Sign-in failed") || !strings.Contains(page, "terminal") || strings.Contains(page, "Signed in") {
		t.Errorf("failed page %q", page)
	}
	if strings.Contains(page, refused.Error()) || strings.Contains(page, "access_denied") {
		t.Errorf("failed page echoes the error or the request: %q", page)
	}
	if r := <-got; !errors.Is(r.err, refused) {
		t.Fatalf("Receive: %v, want the caller's error", r.err)
	}
}

// TestSecondRequestConflicts: while the first request is judged, and
// after, a second matching request is told the sign-in was already
// received (409), never handed over again.
func TestSecondRequestConflicts(t *testing.T) {
	l := listen(t, querySpec)
	judging, release := make(chan struct{}), make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	done := make(chan error, 1)
	go func() {
		done <- l.Receive(ctx, func(url.Values) error { calls++; close(judging); <-release; return nil })
	}()
	first := make(chan int, 1)
	go func() {
		resp, err := http.DefaultTransport.RoundTrip(mustRequest(t, "http://"+l.host+"/callback?state=s&code=c"))
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	<-judging
	if resp := (request{name: "second", method: "GET", path: "/callback?state=s&code=d"}).do(t, l); resp.StatusCode != http.StatusConflict {
		t.Errorf("second request: status %d, want 409", resp.StatusCode)
	}
	close(release)
	if code := <-first; code != http.StatusSeeOther {
		t.Errorf("first request: status %d, want 303", code)
	}
	_ = showResult(t, l, donePath)
	if err := <-done; err != nil || calls != 1 {
		t.Fatalf("Receive: %v after %d judgements", err, calls)
	}
}

func mustRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestNoExpectationAcceptsAny: before Expect, any value of Field is taken.
func TestNoExpectationAcceptsAny(t *testing.T) {
	l := listen(t, querySpec)
	got := serve(t, l, nil)
	if resp := (request{name: "any", method: "GET", path: "/callback?code=c"}).do(t, l); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", resp.StatusCode)
	}
	_ = showResult(t, l, donePath)
	<-got
}

// TestResultPagesTakeOnlyGET: the result pages are read-only.
func TestResultPagesTakeOnlyGET(t *testing.T) {
	l := listen(t, querySpec)
	_ = serve(t, l, nil)
	if resp := (request{name: "post done", method: "POST", path: "/done"}).do(t, l); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST /done: status %d, want 405", resp.StatusCode)
	}
}

// TestReceiveEndsWithContext: a cancelled wait returns ctx.Err(), wrapped
// with what was awaited, and leaves nothing listening; closing again
// afterwards is not an error.
func TestReceiveEndsWithContext(t *testing.T) {
	l := listen(t, querySpec)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := l.Receive(ctx, func(url.Values) error { t.Error("accept called without a request"); return nil })
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "waiting for the test response") {
		t.Fatalf("Receive: %v", err)
	}
	if _, err := http.Get(l.URL()); err == nil {
		t.Fatal("listener still open")
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
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
