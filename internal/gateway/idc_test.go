package gateway_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// Identity Center: an OIDC sign-in, then the trusted identity propagation
// exchange (CreateTokenWithIAM and AssumeRole with the identity context)
// signed with the gateway's own application credentials.
func TestIDCSignIn(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	tokenCalls := func() int {
		return w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Service == "sso-oauth" || e.Service == "sso-oidc" })
	}
	before := tokenCalls()
	p := b.get(b.oidcCallback("idc", scenario.Mateo, ""))
	if p.status != http.StatusSeeOther {
		t.Fatalf("callback: %d %.300s", p.status, p.body)
	}
	if tokenCalls() == before {
		t.Error("no CreateTokenWithIAM call reached the sandbox")
	}
	me := b.get(w.url + "/api/me")
	if me.status != http.StatusOK || !strings.Contains(me.body, scenario.Mateo) || !strings.Contains(me.body, `"mode":"idc"`) {
		t.Fatalf("/api/me: %d %s", me.status, me.body)
	}
}
