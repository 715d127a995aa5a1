package gateway_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/sessiontest"
)

// withClockAndMaxAge runs the gateway on clk, the corp IdP's session
// lasting maxAge from auth_time.
func withClockAndMaxAge(clk *sessiontest.FakeClock, maxAge time.Duration) func(*config.Gateway, *gateway.Deps) {
	return func(cfg *config.Gateway, d *gateway.Deps) {
		d.Now = clk.Now
		cfg.IdleTimeout, cfg.AbsoluteTimeout = time.Hour, 12*time.Hour
		for i := range cfg.IdPs {
			if cfg.IdPs[i].Name == "corp" {
				cfg.IdPs[i].MaxAge = maxAge
			}
		}
	}
}

// WEB-05, federated alignment: an OIDC session ends when the IdP session
// it came from does (auth_time + the IdP's max_age), long before the idle
// and absolute timeouts; past it the session is refused and deleted
// without any credentials minted. The twin, the same IdP without max_age
// on the same clock, keeps serving.
func TestSessionEndsWithIdPSession(t *testing.T) {
	sb, err := sharedSandbox()
	if err != nil {
		t.Fatal(err)
	}
	base := startWorld(t)
	clk := sessiontest.NewFakeClock(time.Now())
	bounded := startGateway(t, sb, session.NewMemoryStore(clk.Now), base.sealer, withClockAndMaxAge(clk, 20*time.Minute))
	twin := startGateway(t, sb, session.NewMemoryStore(clk.Now), base.sealer, withClockAndMaxAge(clk, 0))
	bb, tb := bounded.browser(), twin.browser()
	signedIn := clk.Now()
	bb.signInOIDC("corp", scenario.Mary)
	tb.signInOIDC("corp", scenario.Mary)
	id := bb.cookie("__Host-qbiz")
	sess, err := bounded.store.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if end := sess.Expires; end.After(signedIn.Add(20*time.Minute)) || end.Before(signedIn.Add(20*time.Minute-5*time.Second)) {
		t.Fatalf("session ends %v after the sign-in, want auth_time + 20m", end.Sub(signedIn))
	}
	clk.Advance(19 * time.Minute)
	for name, b := range map[string]*browser{"bounded": bb, "twin": tb} {
		if p := b.get(b.w.url + "/api/me"); p.status != http.StatusOK {
			t.Fatalf("%s, inside the IdP session: %d", name, p.status)
		}
	}
	sts := base.stsCalls()
	clk.Advance(time.Minute + time.Second)
	bb.endedWithoutSTS(id, sts, "past the IdP session")
	if p := tb.get(twin.url + "/api/me"); p.status != http.StatusOK {
		t.Fatalf("the twin without max_age: %d", p.status)
	}
}

// endedWithoutSTS checks that session id of b has ended (when is what
// the test did to end it): b's next API request is refused as signed
// out, the session is gone from the gateway's store, and no STS call was
// made since sts calls were counted.
func (b *browser) endedWithoutSTS(id string, sts int, when string) {
	b.t.Helper()
	if p := b.get(b.w.url + "/api/conversations"); p.status != http.StatusUnauthorized {
		b.t.Fatalf("%s: %d %.200s", when, p.status, p.body)
	}
	if _, err := b.w.store.Get(b.t.Context(), id); err == nil {
		b.t.Fatalf("%s: the session outlived it", when)
	}
	if got := b.w.stsCalls() - sts; got != 0 {
		b.t.Fatalf("%s: %d STS calls", when, got)
	}
}
