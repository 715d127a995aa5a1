package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
)

// OAUTH-07: only a decoded, same-origin path that starts with exactly one
// "/" not followed by "/" or "\" survives; everything else is "/".
func TestReturnPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/", "/"}, {"", "/"}, {"/chat", "/chat"}, {"/?c=1", "/?c=1"}, {"/a/b?x=y#frag", "/a/b?x=y"},
		{"//evil.com", "/"}, {"/\\evil.com", "/"}, {"/\t/evil.com", "/"}, {"/\r/evil.com", "/"},
		{"/\n\\evil.com", "/"}, {"/ /evil.com", "/"}, {"/./\\evil.com", "/"}, {"/./../../\\evil.com", "/"},
		{"https://evil.com", "/"}, {"https://gw.example.com.evil.com", "/"}, {"javascript:alert(1)", "/"},
		{"%2F%2Fevil.com", "/"}, {"/%2F%2Fevil.com", "/"}, {"/%5Cevil.com", "/"}, {"/%2e%2e/x", "/"},
		{"http:/evil.com", "/"}, {"\\\\evil.com", "/"}, {"evil.com", "/"}, {"/x/../../evil", "/"},
		{"//", "/"}, {"///evil.com", "/"}, {"/" + strings.Repeat("a", 2000), "/"}, {"/\x00", "/"},
		{"/x?y=\\evil", "/"}, {"data:text/html,x", "/"}, {"/? 00", "/"}, {"/?a=\x7f", "/"},
	} {
		if got := returnPath(c.in); got != c.want {
			t.Errorf("returnPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzReturnPath(f *testing.F) {
	for _, s := range []string{"/", "//evil.com", "/\\evil.com", "%2F%2Fevil.com", "/a?b#c", "javascript:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := returnPath(in)
		if !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") || strings.HasPrefix(out, "/\\") ||
			strings.ContainsAny(out, "\\\r\n\t\x00 ") {
			t.Fatalf("returnPath(%q) = %q", in, out)
		}
	})
}

// Forwarded headers count only from a configured proxy.
func TestClientIP(t *testing.T) {
	f := newFixture(t, func(cfg *config.Gateway, _ *Deps) {
		cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	for _, c := range []struct{ remote, xff, want string }{
		{"192.0.2.1:5", "", "192.0.2.1"},
		{"192.0.2.1:5", "203.0.113.9", "192.0.2.1"}, // not a proxy: its header is ignored
		{"10.1.2.3:5", "203.0.113.9", "203.0.113.9"},
		{"10.1.2.3:5", "6.6.6.6, 203.0.113.9, 10.9.9.9", "203.0.113.9"}, // right-most untrusted
		{"10.1.2.3:5", "garbage", "10.1.2.3"},
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := f.srv.clientIP(r); got != c.want {
			t.Errorf("%s with %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
}

// cancelledStore fails every read as a cancelled request does.
type cancelledStore struct{ session.Store }

func (cancelledStore) Get(ctx context.Context, _ string) (*session.Session, error) {
	return nil, context.Canceled
}

// A session read that fails (cancelled, store down) is an error, not a
// sign-out: no 401, the cookie kept, the session not deleted.
func TestStoreFailureIsNotSignedOut(t *testing.T) {
	var inner session.Store
	f := newFixture(t, func(_ *config.Gateway, d *Deps) {
		inner = d.Store
		d.Store = cancelledStore{d.Store}
	})
	sess, err := f.srv.create(context.Background(), f.srv.idps["corp"], entryFor("alice", f.clk.Now()))
	if err != nil {
		t.Fatal(err)
	}
	rec := f.do(req{path: "/api/me", sess: sess})
	if rec.Code == http.StatusUnauthorized || rec.Code < 500 {
		t.Fatalf("store failure answered %d", rec.Code)
	}
	if findCookie(rec.Result().Cookies(), sessionCookie) != nil {
		t.Fatal("store failure touched the session cookie")
	}
	if _, err := inner.Get(context.Background(), sess.ID); err != nil {
		t.Fatalf("session lost: %v", err)
	}
}

// A panic is answered 500 with a generic message and the security
// headers; its cause goes to the log only.
func TestPanicRecovered(t *testing.T) {
	f := newFixture(t)
	f.srv.routes.add("/boom", &route{name: "boom", methods: []string{http.MethodGet}, access: public,
		handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret-cause-xyz") })})
	rec := f.do(req{path: "/boom"})
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "secret-cause") {
		t.Fatalf("panic: %d %q", rec.Code, rec.Body)
	}
	if rec.Header().Get("Content-Security-Policy") == "" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatal("panic response lacks the security headers")
	}
}

// A sign-in that needs a new sign-in to renew (here: AWS credentials
// expired and no refresh token) ends the session at the first use.
func TestRenewalNeedingSignInEndsSession(t *testing.T) {
	f := newFixture(t)
	e := entryFor("alice", f.clk.Now())
	e.AWS.Expiration = f.clk.Now().Add(time.Minute) // within the refresh margin
	sess, err := f.srv.create(context.Background(), f.srv.idps["corp"], e)
	if err != nil {
		t.Fatal(err)
	}
	u := f.srv.userOf(context.Background(), sess)
	if _, err := u.Credentials.Retrieve(context.Background()); !errors.Is(err, identity.ErrReauthRequired) {
		t.Fatalf("renewal: %v", err)
	}
	if _, err := f.store.Get(context.Background(), sess.ID); !errors.Is(err, session.ErrNotFound) {
		t.Fatalf("session kept after its sign-in ended: %v", err)
	}
	// The twin: valid credentials are served from the session, nothing ends.
	ok := f.signIn("bob")
	c, err := f.srv.userOf(context.Background(), ok).Credentials.Retrieve(context.Background())
	if err != nil || c.AccessKeyID != "ASIABOB" {
		t.Fatalf("cached credentials: %v %v", c.AccessKeyID, err)
	}
	if _, err := f.store.Get(context.Background(), ok.ID); err != nil {
		t.Fatal(err)
	}
}

// /healthz answers without the store; /readyz names the failing part.
func TestProbes(t *testing.T) {
	f := newFixture(t)
	if rec := f.do(req{path: "/healthz"}); rec.Code != http.StatusOK {
		t.Fatalf("/healthz: %d", rec.Code)
	}
	rec := f.do(req{path: "/readyz"})
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "identity provider corp") {
		t.Fatalf("/readyz with the IdP down: %d %q", rec.Code, rec.Body)
	}
	if rec := f.do(req{path: "/metrics"}); rec.Code != http.StatusOK ||
		!strings.Contains(rec.Body.String(), "qbiz_gateway_requests_total") ||
		!strings.Contains(rec.Body.String(), "qbiz_gateway_active_sessions") {
		t.Fatalf("/metrics: %d %.300s", rec.Code, rec.Body)
	}
}

// renewingStore replaces the session's sign-in right after the request
// read it, as a renewal at another replica would.
type renewingStore struct {
	session.Store
	once    bool
	renewed []byte
}

func (r *renewingStore) Get(ctx context.Context, id string) (*session.Session, error) {
	s, err := r.Store.Get(ctx, id)
	if err == nil && !r.once {
		r.once = true
		next := *s
		next.SignIn = r.renewed
		if err := r.Store.Update(ctx, &next); err != nil {
			return nil, err
		}
	}
	return s, err
}

// Recording activity never puts back a sign-in a renewal has replaced
// between the request's read and its write (the renewed refresh token
// would be lost, the spent one kept).
func TestTouchKeepsRenewedSignIn(t *testing.T) {
	rs := &renewingStore{once: true}
	f := newFixture(t, func(_ *config.Gateway, d *Deps) {
		rs.Store = d.Store
		d.Store = rs
	})
	sess := f.signIn("alice")
	renewed, err := f.srv.seal(sess.ID, entryFor("alice-renewed", f.clk.Now()))
	if err != nil {
		t.Fatal(err)
	}
	rs.renewed, rs.once = renewed, false
	f.clk.Add(2 * touchEvery)
	if rec := f.do(req{path: "/api/me", sess: sess}); rec.Code != http.StatusOK {
		t.Fatalf("/api/me: %d", rec.Code)
	}
	got, err := rs.Store.Get(context.Background(), sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.SignIn) != string(renewed) {
		t.Fatal("the touch wrote back the sign-in it had read, over the renewed one")
	}
	if !got.LastSeen.Equal(f.clk.Now()) {
		t.Fatalf("LastSeen %v, want %v", got.LastSeen, f.clk.Now())
	}
}
