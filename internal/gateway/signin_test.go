package gateway_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// Mary signs in over HTTP through the sandbox's OIDC provider: the
// gateway exchanges her ID token for AWS credentials, gives the browser
// a new session cookie and sends it where it was going; /api/me is her.
func TestOIDCSignInAsMary(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	sts := w.stsCalls()
	p := b.get(b.oidcCallback("corp", scenario.Mary, "/?c=1"))
	if p.status != http.StatusSeeOther || p.location() != "/?c=1" {
		t.Fatalf("callback: %d to %q %.300s", p.status, p.location(), p.body)
	}
	if b.cookie("__Host-qbiz") == "" || b.cookie("__Host-qbiz-tx") != "" {
		t.Fatalf("after the callback: session cookie %q, tx cookie %q", b.cookie("__Host-qbiz"), b.cookie("__Host-qbiz-tx"))
	}
	if got := w.stsCalls() - sts; got != 1 {
		t.Errorf("%d STS calls for one sign-in", got)
	}
	me := b.get(w.url + "/api/me")
	var who map[string]any
	if err := json.Unmarshal([]byte(me.body), &who); err != nil || me.status != http.StatusOK {
		t.Fatalf("/api/me: %d %s", me.status, me.body)
	}
	if who["email"] != scenario.Mary || who["idp"] != "corp" || who["issuer"] != w.info.OIDC.Issuer {
		t.Fatalf("/api/me: %v", who)
	}
	for _, secret := range []string{"eyJ", "ASIA", "refresh"} {
		if strings.Contains(me.body, secret) {
			t.Errorf("/api/me carries %q: %s", secret, me.body)
		}
	}
}

// WEB-01: every Set-Cookie the gateway sends, through a sign-in, a page,
// a refused request and a logout, is a __Host- cookie: Secure, HttpOnly,
// SameSite=Lax, Path=/, no Domain, small.
func TestCookieAttributes(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	csrf := b.signInOIDC("corp", scenario.Mary)
	b.setCookie("__Host-qbiz", "stale")
	b.get(w.url + "/api/me")
	csrf = b.signInOIDC("corp", scenario.Mary)
	if p := b.api(http.MethodPost, "/logout", "{}", csrf); p.status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", p.status, p.body)
	}
	b.get(w.url + "/")
	if len(b.cookies) < 5 {
		t.Fatalf("only %d Set-Cookie seen", len(b.cookies))
	}
	for _, raw := range b.cookies {
		c, err := http.ParseSetCookie(raw)
		if err != nil {
			t.Fatalf("Set-Cookie %q: %v", raw, err)
		}
		lower := strings.ToLower(raw)
		switch {
		case !strings.HasPrefix(c.Name, "__Host-"), !c.Secure, !c.HttpOnly, c.SameSite != http.SameSiteLaxMode,
			c.Path != "/", c.Domain != "", strings.Contains(lower, "domain="), len(c.Name)+len(c.Value) > 4096:
			t.Errorf("cookie %s: %q", c.Name, redactValue(raw, c.Value))
		}
	}
}

func redactValue(raw, v string) string {
	if v == "" {
		return raw
	}
	return strings.Replace(raw, v, "…", 1)
}

// WEB-04 over HTTP: logout ends the session at the server; the old
// cookie replayed gets 401.
func TestLogoutThenReplay(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	csrf := b.signInOIDC("corp", scenario.Mary)
	old := b.cookie("__Host-qbiz")
	p := b.api(http.MethodPost, "/logout", "{}", csrf)
	if p.status != http.StatusNoContent || p.header.Get("Clear-Site-Data") == "" {
		t.Fatalf("logout: %d, Clear-Site-Data %q", p.status, p.header.Get("Clear-Site-Data"))
	}
	if b.cookie("__Host-qbiz") != "" {
		t.Fatal("the browser still holds the session cookie")
	}
	b.setCookie("__Host-qbiz", old)
	if p := b.get(w.url + "/api/me"); p.status != http.StatusUnauthorized {
		t.Fatalf("replayed cookie: %d %s", p.status, p.body)
	}
}

// WEB-03 and ISO-10: a sign-in issues a new id and ends the session the
// browser brought, whether planted or the previous user's.
func TestSignInIssuesNewID(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	b.setCookie("__Host-qbiz", "planted-by-an-attacker")
	b.signInOIDC("corp", scenario.Mary)
	mary := b.cookie("__Host-qbiz")
	if mary == "" || mary == "planted-by-an-attacker" {
		t.Fatalf("session id %q", mary)
	}
	b.signInOIDC("corp", scenario.Mateo)
	mateo := b.cookie("__Host-qbiz")
	if mateo == mary {
		t.Fatal("the second sign-in kept the first session's id")
	}
	if _, err := w.store.Get(t.Context(), mary); err == nil {
		t.Fatal("Mary's session survives Mateo's sign-in in the same browser")
	}
	other := w.browser()
	other.setCookie("__Host-qbiz", mary)
	if p := other.get(w.url + "/api/me"); p.status != http.StatusUnauthorized {
		t.Fatalf("Mary's old id: %d", p.status)
	}
	if p := b.get(w.url + "/api/me"); !strings.Contains(p.body, scenario.Mateo) {
		t.Fatalf("/api/me after the switch: %s", p.body)
	}
}

// A callback refused: each with exactly one thing wrong, next to the
// twin that signs in.
func TestCallbackRefusals(t *testing.T) {
	w := startWorld(t)
	t.Run("twin", func(t *testing.T) {
		b := w.browser()
		if p := b.get(b.oidcCallback("corp", scenario.Mary, "")); p.status != http.StatusSeeOther {
			t.Fatalf("%d %s", p.status, p.body)
		}
	})
	t.Run("tx cookie missing", func(t *testing.T) {
		b := w.browser()
		cb := b.oidcCallback("corp", scenario.Mary, "")
		fresh := w.browser() // the victim's browser: the attacker's callback URL, no tx cookie
		refused(t, fresh.get(cb))
		if p := b.get(cb); p.status != http.StatusSeeOther {
			t.Fatalf("the browser that began it, afterwards: %d %s", p.status, p.body)
		}
	})
	t.Run("tx cookie of another sign-in", func(t *testing.T) {
		b := w.browser()
		cb := b.oidcCallback("corp", scenario.Mary, "")
		other := w.browser()
		other.startLogin("corp", "")
		refused(t, other.get(cb))
	})
	t.Run("state mismatch", func(t *testing.T) {
		b := w.browser()
		cb, _ := url.Parse(b.oidcCallback("corp", scenario.Mary, ""))
		q := cb.Query()
		q.Set("state", flipFirst(q.Get("state")))
		cb.RawQuery = q.Encode()
		refused(t, b.get(cb.String()))
	})
	t.Run("replayed", func(t *testing.T) {
		b := w.browser()
		cb := b.oidcCallback("corp", scenario.Mary, "")
		tx := b.cookie("__Host-qbiz-tx")
		if p := b.get(cb); p.status != http.StatusSeeOther {
			t.Fatalf("first use: %d", p.status)
		}
		b.setCookie("__Host-qbiz-tx", tx)
		session := b.cookie("__Host-qbiz")
		refused(t, b.get(cb))
		if b.cookie("__Host-qbiz") != session {
			t.Fatal("the refused replay changed the session cookie")
		}
	})
	t.Run("no state", func(t *testing.T) {
		b := w.browser()
		cb, _ := url.Parse(b.oidcCallback("corp", scenario.Mary, ""))
		q := cb.Query()
		q.Del("state")
		cb.RawQuery = q.Encode()
		refused(t, b.get(cb.String()))
	})
}

// refused: 4xx, no session cookie set.
func refused(t *testing.T, p page) {
	t.Helper()
	if p.status < 400 || p.status >= 500 {
		t.Fatalf("status %d, want a refusal: %.300s", p.status, p.body)
	}
	for _, raw := range p.header.Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(raw); err == nil && c.Name == "__Host-qbiz" && c.Value != "" {
			t.Fatalf("a refusal set a session cookie")
		}
	}
}

// flipFirst changes the first character of s.
func flipFirst(s string) string {
	if s[0] == 'x' {
		return "y" + s[1:]
	}
	return "x" + s[1:]
}
