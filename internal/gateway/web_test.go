package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/session"
)

func h(kv ...string) http.Header {
	out := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[http.CanonicalHeaderKey(kv[i])] = append(out[http.CanonicalHeaderKey(kv[i])], kv[i+1])
	}
	return out
}

// WEB-06: every unsafe request needs the same origin, JSON and the
// session's token; each check alone refuses, and the twin with all of
// them passes.
func TestCSRFEachCheckAlone(t *testing.T) {
	f := newFixture(t)
	sess := f.signIn("alice")
	cases := []struct {
		name   string
		header http.Header
		want   int
	}{
		{"all checks pass", nil, http.StatusOK},
		{"cross-site fetch metadata", h("Sec-Fetch-Site", "cross-site"), http.StatusForbidden},
		{"same-site sibling", h("Sec-Fetch-Site", "same-site"), http.StatusForbidden},
		{"other origin", h("Origin", "https://evil.example"), http.StatusForbidden},
		{"origin with other port", h("Origin", "http://127.0.0.1:8001"), http.StatusForbidden},
		{"null origin", h("Origin", "null"), http.StatusForbidden},
		{"no origin", h("Origin", ""), http.StatusForbidden},
		{"text/plain body", h("Content-Type", "text/plain"), http.StatusUnsupportedMediaType},
		{"form body", h("Content-Type", "application/x-www-form-urlencoded"), http.StatusUnsupportedMediaType},
		{"no CSRF token", h(csrfHeader, ""), http.StatusForbidden},
		{"wrong CSRF token", h(csrfHeader, otherFirst(sess.CSRF)), http.StatusForbidden},
		{"another session's token", h(csrfHeader, f.signIn("bob").CSRF), http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.reached("/api/chat")
			rec := f.do(req{method: http.MethodPost, path: "/api/chat", body: `{"message":"hi"}`, sess: sess, header: c.header})
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d (%s)", rec.Code, c.want, rec.Body)
			}
			if got := f.reached("/api/chat") - before; (c.want == http.StatusOK) != (got == 1) {
				t.Fatalf("reached the API %d times", got)
			}
		})
	}
}

// WEB-06: GET never changes state: logout by GET is refused.
func TestLogoutByGETRefused(t *testing.T) {
	f := newFixture(t)
	sess := f.signIn("alice")
	if rec := f.do(req{path: logoutPath, sess: sess}); rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET /logout: %d", rec.Code)
	}
	if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusOK {
		t.Fatalf("session gone after GET /logout: %d", rec.Code)
	}
}

// WEB-04: logout deletes the session, expires the cookie and sends
// Clear-Site-Data; the old cookie then gets 401; a cross-origin logout is
// refused and leaves the session alive.
func TestLogout(t *testing.T) {
	f := newFixture(t)
	sess := f.signIn("alice")
	rec := f.do(req{method: http.MethodPost, path: logoutPath, sess: sess, header: h("Origin", "https://evil.example")})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-origin logout: %d", rec.Code)
	}
	if _, err := f.store.Get(context.Background(), sess.ID); err != nil {
		t.Fatalf("cross-origin logout ended the session: %v", err)
	}
	rec = f.do(req{method: http.MethodPost, path: logoutPath, sess: sess, body: "{}"})
	if rec.Code != http.StatusNoContent {
		t.Fatalf("logout: %d %s", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Clear-Site-Data"); got != `"cache","cookies","storage"` {
		t.Errorf("Clear-Site-Data %q", got)
	}
	if c := findCookie(rec.Result().Cookies(), sessionCookie); c == nil || c.MaxAge >= 0 || c.Value != "" {
		t.Errorf("session cookie not expired: %+v", c)
	}
	if _, err := f.store.Get(context.Background(), sess.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("session still stored after logout: %v", err)
	}
	if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusUnauthorized {
		t.Fatalf("replayed cookie: %d", rec.Code)
	}
	if rec := f.do(req{method: http.MethodPost, path: logoutPath, sess: sess, body: "{}"}); rec.Code != http.StatusUnauthorized {
		t.Fatalf("second logout: %d", rec.Code)
	}
}

func findCookie(cs []*http.Cookie, name string) *http.Cookie {
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// WEB-05: idle and absolute timeouts on an injected clock, each with its
// twin just inside the bound.
func TestSessionTimeouts(t *testing.T) {
	idle := func(cfg *config.Gateway, _ *Deps) { cfg.IdleTimeout, cfg.AbsoluteTimeout = 10*time.Minute, time.Hour }
	t.Run("idle", func(t *testing.T) {
		f := newFixture(t, idle)
		sess := f.signIn("alice")
		f.clk.Add(10*time.Minute - time.Second)
		if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusOK {
			t.Fatalf("just inside the idle timeout: %d", rec.Code)
		}
		f.clk.Add(10 * time.Minute)
		if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusUnauthorized {
			t.Fatalf("idle past the timeout: %d", rec.Code)
		}
		if _, err := f.store.Get(context.Background(), sess.ID); !errors.Is(err, session.ErrNotFound) {
			t.Fatalf("idle session kept: %v", err)
		}
	})
	t.Run("absolute", func(t *testing.T) {
		f := newFixture(t, idle)
		sess := f.signIn("alice")
		for range 6 { // active every 9 minutes: never idle, 54 minutes in
			f.clk.Add(9 * time.Minute)
			if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusOK {
				t.Fatalf("active session: %d", rec.Code)
			}
		}
		f.clk.Add(6*time.Minute - time.Second)
		if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusOK {
			t.Fatalf("just before the absolute end: %d", rec.Code)
		}
		f.clk.Add(time.Second)
		if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusUnauthorized {
			t.Fatalf("at the absolute end: %d", rec.Code)
		}
	})
	t.Run("IdP session ends first", func(t *testing.T) {
		f := newFixture(t, idle)
		now := f.clk.Now()
		p := f.srv.idps["corp"]
		e := entryFor("alice", now)
		e.IdPSessionExpiry = now.Add(20 * time.Minute)
		if end := f.srv.sessionEnd(p, e, now); !end.Equal(e.IdPSessionExpiry) {
			t.Fatalf("session end %v, want the IdP's %v", end, e.IdPSessionExpiry)
		}
		e.IdPSessionExpiry = now.Add(2 * time.Hour)
		if end := f.srv.sessionEnd(p, e, now); !end.Equal(now.Add(time.Hour)) {
			t.Fatalf("session end %v, want the absolute timeout", end)
		}
	})
}

// WEB-08: the security headers are on every response, whatever the
// route or outcome; HSTS only behind https.
func TestSecurityHeadersEverywhere(t *testing.T) {
	for _, pub := range []string{testOrigin, "https://chat.example.com"} {
		f := newFixture(t, func(cfg *config.Gateway, _ *Deps) { cfg.PublicURL = pub })
		sess := f.signIn("alice")
		origin := pub
		reqs := []req{
			{path: "/"}, {path: "/", sess: sess}, {path: "/healthz"}, {path: "/readyz"}, {path: "/metrics"},
			{path: "/static/app.js"}, {path: "/nope"}, {path: "/api/me"}, {path: "/api/me", sess: sess},
			{path: "/login?idp=unknown"}, {path: "/callback"}, {path: "/callback?state=x"},
			{method: http.MethodPost, path: acsPath}, {method: http.MethodPut, path: "/"},
			{method: http.MethodPost, path: logoutPath, sess: sess, header: h("Origin", origin)},
		}
		for _, q := range reqs {
			rec := f.do(q)
			hd := rec.Header()
			want := map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
				"Cross-Origin-Opener-Policy": "same-origin", "Cache-Control": "no-store", "Vary": "Cookie"}
			if strings.HasPrefix(q.path, "/static/") {
				delete(want, "Cache-Control") // the same public file for everyone
			}
			for k, v := range want {
				if hd.Get(k) != v {
					t.Errorf("%s %s (%d): %s = %q, want %q", q.method, q.path, rec.Code, k, hd.Get(k), v)
				}
			}
			csp := hd.Get("Content-Security-Policy")
			for _, d := range []string{"default-src 'self'", "script-src 'nonce-", "object-src 'none'",
				"base-uri 'none'", "frame-ancestors 'none'", "form-action 'self' http://127.0.0.1:9"} {
				if !strings.Contains(csp, d) {
					t.Errorf("%s %s: CSP %q lacks %q", q.method, q.path, csp, d)
				}
			}
			if got, https := hd.Get("Strict-Transport-Security"), strings.HasPrefix(pub, "https:"); (got != "") != https ||
				(https && !strings.Contains(got, "includeSubDomains")) {
				t.Errorf("%s %s behind %s: HSTS %q", q.method, q.path, pub, got)
			}
		}
	}
}

// The CSP nonce differs per response.
func TestNoncePerResponse(t *testing.T) {
	f := newFixture(t)
	a := f.do(req{path: "/"}).Header().Get("Content-Security-Policy")
	b := f.do(req{path: "/"}).Header().Get("Content-Security-Policy")
	if a == b {
		t.Fatal("two responses share a CSP nonce")
	}
}

// WEB-09: no CORS header, whatever the Origin, and a preflight finds no
// route.
func TestNoCORS(t *testing.T) {
	f := newFixture(t)
	sess := f.signIn("alice")
	for _, q := range []req{
		{path: "/api/me", sess: sess, header: h("Origin", "https://evil.example")},
		{method: http.MethodOptions, path: "/api/chat", header: h("Origin", "https://evil.example",
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-csrf-token")},
		{method: http.MethodPost, path: "/api/chat", sess: sess, body: "{}", header: h("Origin", "https://evil.example")},
	} {
		rec := f.do(q)
		for k := range rec.Header() {
			if strings.HasPrefix(strings.ToLower(k), "access-control-") {
				t.Errorf("%s %s: CORS header %s: %q", q.method, q.path, k, rec.Header().Get(k))
			}
		}
		if q.method == http.MethodOptions && rec.Code < 400 {
			t.Errorf("preflight answered %d", rec.Code)
		}
	}
}

// WEB-10: only the exact, clean path reaches a handler; every bypass
// attempt of the catalogue is refused before the API.
func TestRouteBypassPayloads(t *testing.T) {
	f := newFixture(t)
	payloads := []req{
		{path: "/api/chat?/healthz"}, {path: "/healthz/../api/chat"}, {path: "/api/chat%2f"}, {path: "/API/chat"},
		{path: "//api/chat"}, {path: "/api/chat", header: h("User-Agent", "kube-probe/1.29")},
		{path: "/api/chat", header: h("X-Forwarded-Uri", "/healthz")}, {path: "/api/me", header: h("X-Original-URL", "/healthz")},
		{path: "/api/me", header: h("X-Rewrite-Url", "/healthz")}, {path: "/./api/me"}, {path: "/api/./me"},
		{path: "/healthz/%2e%2e/api/me"}, {path: "/%61pi/me"}, {path: "/api%2fme"}, {path: "/api/me;/healthz"},
		{path: "/static/../api/me"}, {path: "/login/../api/me"}, {path: "/api//me"}, {path: "/api/me/"},
		{path: "/api\\me"}, {method: http.MethodPost, path: "/api/chat?/healthz", body: "{}"},
	}
	for _, q := range payloads {
		rec := f.do(q)
		if rec.Code == http.StatusOK || rec.Code < 400 {
			t.Errorf("%s %s %v: %d", q.method, q.path, q.header, rec.Code)
		}
	}
	if n := f.reached("/api/chat") + f.reached("/api/me") + f.reached("/api/me/") + f.reached("/api//me"); n != 0 {
		t.Fatalf("unauthenticated payloads reached the API %d times", n)
	}
	sess := f.signIn("alice")
	// Not even a session gets a path that is not already clean to a handler.
	for _, p := range []string{"/api//me", "/api/./me", "/api/x/../me", "/static/../api/me", "//api/me", "/api/me%2f", "/API/me"} {
		if rec := f.do(req{path: p, sess: sess}); rec.Code != http.StatusNotFound {
			t.Errorf("%s with a session: %d", p, rec.Code)
		}
	}
	if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusOK || f.reached("/api/me") != 1 {
		t.Fatalf("twin with a session: %d, reached %d", rec.Code, f.reached("/api/me"))
	}
}

// WEB-11: identity comes from the session only, never from a header.
func TestIdentityHeadersIgnored(t *testing.T) {
	f := newFixture(t)
	spoof := h("X-Forwarded-User", "bob", "X-Forwarded-Email", "bob@example.com", "X_Forwarded_Email", "bob@example.com",
		"X-Auth-Request-User", "bob", "X-Auth-Request-Email", "bob@example.com", "Remote-User", "bob",
		"X-Remote-User", "bob", "X-Forwarded-Preferred-Username", "bob")
	if rec := f.do(req{path: "/api/me", header: spoof}); rec.Code != http.StatusUnauthorized {
		t.Fatalf("headers alone: %d", rec.Code)
	}
	rec := f.do(req{path: "/api/me", sess: f.signIn("alice"), header: spoof})
	var got map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got["subject"] != "alice" || got["email"] != "alice@example.com" {
		t.Fatalf("identity %v (%v)", got, err)
	}
}

// WEB-03: a sign-in ends whatever session the browser brought.
func TestSignInEndsBroughtSession(t *testing.T) {
	f := newFixture(t)
	old := f.signIn("mallory")
	r := httptestRequest(old.ID)
	if err := f.srv.endBrowserSession(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Get(context.Background(), old.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("brought session survives the sign-in: %v", err)
	}
}

func httptestRequest(cookie string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:8000/callback", nil)
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	return r
}

// otherFirst changes the first character of s.
func otherFirst(s string) string {
	if s[0] == 'x' {
		return "y" + s[1:]
	}
	return "x" + s[1:]
}
