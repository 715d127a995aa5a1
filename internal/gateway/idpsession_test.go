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
	if p := bb.get(bounded.url + "/api/conversations"); p.status != http.StatusUnauthorized {
		t.Fatalf("past the IdP session: %d %.200s", p.status, p.body)
	}
	if _, err := bounded.store.Get(t.Context(), id); err == nil {
		t.Fatal("the session outlived its IdP session")
	}
	if got := base.stsCalls() - sts; got != 0 {
		t.Fatalf("%d STS calls past the IdP session", got)
	}
	if p := tb.get(twin.url + "/api/me"); p.status != http.StatusOK {
		t.Fatalf("the twin without max_age: %d", p.status)
	}
}
