package gateway_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/sessiontest"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// shortSessionSP is a SAML application whose IdP sessions last 30
// minutes, as an administrator sets at Okta or Entra ID.
const shortSessionSP = "urn:qbiz:gateway-short-idp-session"

var sessionNotOnOrAfter = regexp.MustCompile(`SessionNotOnOrAfter="([^"]+)"`)

// registerShortSessionSP gives the sandbox's SAML IdP the application,
// granting the SAML application's role.
func registerShortSessionSP(t *testing.T, w *world) {
	t.Helper()
	app, _ := w.info.App("saml")
	body := fmt.Sprintf(`{"entity_id":%q,"session_lifetime_seconds":1800,"roles":[{"role_arn":%q,"provider_arn":%q}]}`,
		shortSessionSP, app.RoleARN, app.ProviderARN)
	resp, err := w.sb.HTTPClient().Post(w.sb.URL+"/sandbox/saml/service-providers", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("register the service provider: %v %v", err, resp)
	}
	resp.Body.Close()
}

// signInSAMLAt signs Mary in over HTTP and returns the IdP session end
// her assertion announced (zero when none) and the gateway session.
func signInSAMLAt(t *testing.T, w *world, b *browser) (time.Time, *session.Session) {
	t.Helper()
	f := b.samlResponse(scenario.Mary, "")
	xml, err := base64.StdEncoding.DecodeString(f.Fields.Get("SAMLResponse"))
	if err != nil {
		t.Fatal(err)
	}
	var end time.Time
	if m := sessionNotOnOrAfter.FindSubmatch(xml); m != nil {
		if end, err = time.Parse(time.RFC3339, string(m[1])); err != nil {
			t.Fatal(err)
		}
	}
	if p := b.postForm(f.Action, "null", f.Fields); p.status != http.StatusSeeOther {
		t.Fatalf("ACS: %d %.300s", p.status, p.body)
	}
	sess, err := w.store.Get(t.Context(), b.cookie("__Host-qbiz"))
	if err != nil {
		t.Fatal(err)
	}
	return end, sess
}

// WEB-05, SAML over HTTP: the sandbox IdP's assertion for an application
// with 30-minute IdP sessions carries SessionNotOnOrAfter; the gateway
// keeps it as the sign-in's IdP session end, ends the session no later
// than it (AWS also ends the assertion's credentials then, so the session
// ends at the first of the two), refuses it afterwards without an STS
// call and deletes it. The twin, the same gateway on an application
// without SessionNotOnOrAfter and the same clock, keeps serving.
func TestSAMLSessionNotOnOrAfterEndsSession(t *testing.T) {
	sb, err := sharedSandbox()
	if err != nil {
		t.Fatal(err)
	}
	base := startWorld(t)
	registerShortSessionSP(t, base)
	clk := sessiontest.NewFakeClock(time.Now())
	short := func(cfg *config.Gateway, _ *gateway.Deps) { cfg.IdPs[1].Profile.SAMLEntityID = shortSessionSP }
	bounded := startGateway(t, sb, session.NewMemoryStore(clk.Now), base.sealer, withClockAndMaxAge(clk, 0), short)
	twin := startGateway(t, sb, session.NewMemoryStore(clk.Now), base.sealer, withClockAndMaxAge(clk, 0))
	bb, tb := bounded.browser(), twin.browser()
	idpEnd, sess := signInSAMLAt(t, bounded, bb)
	if idpEnd.IsZero() || idpEnd.Sub(clk.Now()) > 30*time.Minute+5*time.Second || idpEnd.Sub(clk.Now()) < 29*time.Minute {
		t.Fatalf("SessionNotOnOrAfter %v, want 30 minutes after the sign-in", idpEnd)
	}
	if twinEnd, _ := signInSAMLAt(t, twin, tb); !twinEnd.IsZero() {
		t.Fatalf("the twin's assertion carries SessionNotOnOrAfter %v", twinEnd)
	}
	plain, err := base.sealer.Open(sess.ID, sess.SignIn)
	if err != nil {
		t.Fatal(err)
	}
	e, err := tokencache.UnmarshalEntry(plain)
	if err != nil || !e.IdPSessionExpiry.Equal(idpEnd) {
		t.Fatalf("the sign-in's IdP session end %v, want the assertion's %v (%v)", e.IdPSessionExpiry, idpEnd, err)
	}
	if sess.Expires.After(idpEnd) {
		t.Fatalf("the session ends %v, after the IdP session (%v)", sess.Expires, idpEnd)
	}
	clk.Advance(sess.Expires.Sub(clk.Now()) - time.Second)
	for name, b := range map[string]*browser{"bounded": bb, "twin": tb} {
		if p := b.get(b.w.url + "/api/me"); p.status != http.StatusOK {
			t.Fatalf("%s, just inside: %d", name, p.status)
		}
	}
	sts := base.stsCalls()
	clk.Advance(2 * time.Second)
	bb.endedWithoutSTS(sess.ID, sts, "past the IdP session")
	if p := tb.get(twin.url + "/api/conversations"); p.status != http.StatusOK {
		t.Fatalf("the twin without SessionNotOnOrAfter: %d", p.status)
	}
}
