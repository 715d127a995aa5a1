package gateway_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/sessiontest"
)

// staySignedIn fills the IdP's login form on p as user, ticking "Stay
// signed in", and returns the IdP's answer.
func (b *browser) staySignedIn(p page, user string) page {
	b.t.Helper()
	u, _ := b.w.info.User(user)
	f, err := sandboxtest.ParseForm(p.url, []byte(p.body))
	if err != nil {
		b.t.Fatalf("IdP login form: %v: %d %.300s", err, p.status, p.body)
	}
	f.Fields.Set("username", u.Username)
	f.Fields.Set("password", u.Password)
	f.Fields.Set("remember", "1")
	return b.postForm(f.Action, "", f.Fields)
}

// silentSignIn starts a sign-in at corp that the IdP answers from its
// session, without a form, and returns the gateway's answer to it.
func (b *browser) silentSignIn() page {
	b.t.Helper()
	login := b.get(b.w.url + "/login?idp=corp")
	idp := b.get(login.location())
	if idp.status != http.StatusFound || !strings.HasPrefix(idp.location(), b.w.url+"/callback?") {
		b.t.Fatalf("the IdP did not answer from its session: %d %q %.200s", idp.status, idp.location(), idp.body)
	}
	return b.get(idp.location())
}

// shareIdPSession gives to the IdP's session cookie from's browser.
func shareIdPSession(from, to *browser) {
	u, _ := url.Parse(from.w.info.OIDC.Issuer + "/authorize")
	to.hc.Jar.SetCookies(u, from.hc.Jar.Cookies(u))
}

// OIDC max_age (Core §3.1.2.1, §3.1.3.7 step 11) over HTTP with the
// sandbox IdP, whose browser session ("Stay signed in") answers later
// requests without a password, keeping the first auth_time: the gateway
// with max_age asks for it and accepts a sign-in whose auth_time is
// within it; once its clock is past auth_time + max_age (+ skew) the same
// IdP answer is refused with a page that says why, no session and no STS
// call. The twin gateway without max_age accepts that very answer.
func TestMaxAgeSentAndAuthTimeChecked(t *testing.T) {
	sb, err := sharedSandbox()
	if err != nil {
		t.Fatal(err)
	}
	base := startWorld(t)
	clk := sessiontest.NewFakeClock(time.Now())
	gw := startGateway(t, sb, session.NewMemoryStore(clk.Now), base.sealer, withClockAndMaxAge(clk, 5*time.Minute))
	twin := startGateway(t, sb, session.NewMemoryStore(clk.Now), base.sealer, withClockAndMaxAge(clk, 0))
	b, tb := gw.browser(), twin.browser()
	for w, want := range map[*browser]string{b: "300", tb: ""} {
		loc, _ := url.Parse(w.get(w.w.url + "/login?idp=corp").location())
		if got := loc.Query().Get("max_age"); got != want || loc.Query().Has("max_age") != (want != "") {
			t.Fatalf("max_age %q in the authorization request, want %q", got, want)
		}
	}
	answer := b.staySignedIn(b.startLogin("corp", ""), scenario.Mary)
	if p := b.get(answer.location()); p.status != http.StatusSeeOther || p.location() != "/" {
		t.Fatalf("first sign-in: %d %q %.300s", p.status, p.location(), p.body)
	}
	first, err := gw.store.Get(t.Context(), b.cookie("__Host-qbiz"))
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Minute)
	if p := b.silentSignIn(); p.status != http.StatusSeeOther {
		t.Fatalf("inside max_age: %d %.300s", p.status, p.body)
	}
	again, err := gw.store.Get(t.Context(), b.cookie("__Host-qbiz"))
	if err != nil || !again.Expires.Equal(first.Expires) {
		t.Fatalf("the IdP session's sign-in ends %v, want the first's auth_time + max_age %v (%v)", again.Expires, first.Expires, err)
	}
	clk.Advance(6 * time.Minute) // past auth_time + 5m + 1m of skew; iat (2m, 8m old) stays within its own bound
	sts := base.stsCalls()
	p := b.silentSignIn()
	refused(t, p)
	if !strings.Contains(p.body, "older than this site accepts") {
		t.Fatalf("the refusal does not say why: %.600s", p.body)
	}
	if got := base.stsCalls() - sts; got != 0 {
		t.Fatalf("%d STS calls for a refused sign-in", got)
	}
	shareIdPSession(b, tb)
	if p := tb.silentSignIn(); p.status != http.StatusSeeOther {
		t.Fatalf("the twin without max_age: %d %.300s", p.status, p.body)
	}
}

// An IdP that leaves auth_time out of the ID token although max_age was
// asked is refused at the callback; the twin, the same gateway on the
// IdP's normal client, signs in.
func TestMaxAgeWithoutAuthTimeRefused(t *testing.T) {
	sb, err := sharedSandbox()
	if err != nil {
		t.Fatal(err)
	}
	const client = "qbiz-gateway-no-auth-time"
	body := `{"client_id":"` + client + `","client_secret":"` + scenario.GatewayClientSecret + `","profile":"` +
		oidcidp.ProfileMissingAuthTime + `"}`
	resp, err := sb.HTTPClient().Post(sb.URL+"/sandbox/oidc/clients", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("register the client: %v %v", err, resp)
	}
	resp.Body.Close()
	base := startWorld(t)
	for _, c := range []struct {
		client string
		ok     bool
	}{{client, false}, {scenario.GatewayClientID, true}} {
		clk := sessiontest.NewFakeClock(time.Now())
		gw := startGateway(t, sb, session.NewMemoryStore(clk.Now), base.sealer, withClockAndMaxAge(clk, 5*time.Minute),
			func(cfg *config.Gateway, _ *gateway.Deps) { cfg.IdPs[0].Profile.ClientID = c.client })
		b := gw.browser()
		p := b.get(b.oidcCallback("corp", scenario.Mary, ""))
		if c.ok {
			if p.status != http.StatusSeeOther {
				t.Fatalf("%s: %d %.300s", c.client, p.status, p.body)
			}
			continue
		}
		refused(t, p)
		if !strings.Contains(p.body, "did not say when it was") {
			t.Fatalf("the refusal does not say why: %.600s", p.body)
		}
	}
}
