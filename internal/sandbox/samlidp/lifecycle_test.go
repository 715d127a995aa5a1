package samlidp

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/russellhaering/gosaml2/types"
)

// testClock is a settable clock safe to read from handler goroutines.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestPendingRequestLifetime(t *testing.T) {
	cases := []struct {
		name    string
		advance time.Duration
		want    int
	}{
		{"within ten minutes", 9 * time.Minute, 200},
		{"after ten minutes", 10 * time.Minute, 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := &testClock{now: t0}
			h := newHarness(t, SignAssertion, func(o *Options) { o.Now = clock.Now })
			p := h.redirect(deflateB64(authnRequest("_a", awsSP, "", "")), "")
			clock.Advance(tc.advance)
			done := h.login(p, "mary", "pw-mary")
			if done.status != tc.want {
				t.Fatalf("status %d, want %d", done.status, tc.want)
			}
			if tc.want != 200 {
				assertNoPost(t, done)
				return
			}
			var r types.Response
			mustUnmarshal(t, responseXML(t, done), &r)
			if got, want := r.IssueInstant, t0.Add(tc.advance); !got.Equal(want) {
				t.Errorf("IssueInstant = %v, want %v (the sign-in time)", got, want)
			}
		})
	}
}

func TestAutoPostEscapesRelayState(t *testing.T) {
	h := newHarness(t, SignAssertion)
	relay := `"><script>alert(1)</script>`
	done := h.login(h.redirect(deflateB64(authnRequest("_a", awsSP, "", "")), relay), "mary", "pw-mary")
	if strings.Contains(done.body, "<script>alert") {
		t.Fatal("RelayState rendered unescaped")
	}
	if got := hidden(done.body, "RelayState"); got != relay {
		t.Errorf("RelayState = %q, want %q", got, relay)
	}
}

func TestLoginFormShape(t *testing.T) {
	h := newHarness(t, SignAssertion)
	p := h.redirect(deflateB64(authnRequest("_a", awsSP, "", "")), "")
	for _, want := range []string{`name="username"`, `name="password"`, `name="pending"`, `action="/idp/saml/login"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("login form lacks %s", want)
		}
	}
	if strings.Contains(p.body, "SAMLRequest") || strings.Contains(p.body, "_a") {
		t.Error("login form carries the request instead of a server-side id")
	}
	if p.header.Get("Cache-Control") != "no-store" {
		t.Error("login form is cacheable")
	}
}

func TestUnknownUserKeepsRequest(t *testing.T) {
	h := newHarness(t, SignAssertion)
	p := h.redirect(deflateB64(authnRequest("_a", awsSP, "", "")), "")
	for _, creds := range [][2]string{{"nobody", "x"}, {"mary", ""}, {"mary", "PW-MARY"}} {
		if got := h.login(p, creds[0], creds[1]); got.status != 401 || strings.Contains(got.body, "SAMLResponse") {
			t.Fatalf("%s: status %d", creds[0], got.status)
		}
	}
	if got := h.login(p, "mary", "pw-mary"); got.status != 200 {
		t.Fatalf("valid login after failures: status %d", got.status)
	}
}
