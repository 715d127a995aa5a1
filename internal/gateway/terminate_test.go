package gateway_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

// privateWorld is a gateway on a sandbox of its own, for a test that
// changes the sandbox's users.
func privateWorld(t *testing.T) *world {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	if err := trustGatewayClient(sb); err != nil {
		t.Fatal(err)
	}
	base := startWorld(t)
	return startGateway(t, sb, session.NewMemoryStore(nil), base.sealer)
}

// disable disables a user at the sandbox's IdP, as its administrator would.
func (w *world) disable(username string) {
	w.t.Helper()
	resp, err := w.sb.HTTPClient().Post(w.sb.URL+"/sandbox/users/disable", "application/json",
		strings.NewReader(`{"username":"`+username+`"}`))
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		w.t.Fatalf("disable %s: %d", username, resp.StatusCode)
	}
}

// WEB-13: a user disabled at the IdP keeps the session only until its
// next renewal (the documented bound: the AWS credentials' lifetime);
// that renewal is refused at the IdP, which ends the session and its
// sealed tokens and credentials, and no STS call is made. The twin, a
// user not disabled, renews at the same moment and carries on.
func TestDisabledUserEndsAtNextRenewal(t *testing.T) {
	w := privateWorld(t)
	mary, mateo := w.browser(), w.browser()
	mary.signInOIDC("corp", scenario.Mary)
	mateo.signInOIDC("corp", scenario.Mateo)
	w.disable(scenario.Mary)
	if p := mary.get(w.url + "/api/conversations"); p.status != http.StatusOK {
		t.Fatalf("before the next renewal: %d", p.status)
	}
	maryID, mateoID := mary.cookie("__Host-qbiz"), mateo.cookie("__Host-qbiz")
	w.ageCredentials(maryID)
	w.ageCredentials(mateoID)
	sts := w.stsCalls()
	mary.endedWithoutSTS(maryID, sts, "the disabled user's renewal")
	if p := mary.get(w.url + "/api/me"); p.status != http.StatusUnauthorized {
		t.Fatalf("afterwards: %d", p.status)
	}
	if p := mateo.get(w.url + "/api/conversations"); p.status != http.StatusOK || w.stsCalls()-sts != 1 {
		t.Fatalf("the twin's renewal: %d, %d STS calls", p.status, w.stsCalls()-sts)
	}
}

// WEB-13: an administrator's "terminate the user's sessions" (qbiz admin
// sessions revoke: DeleteUser on the shared store) takes effect at once
// on every replica: both of Mary's sessions, used through two replicas
// sharing a real redis-server, are refused at their next request, while
// Mateo's session, on the same replicas, is untouched.
func TestTerminateUserSessionsOnEveryReplica(t *testing.T) {
	srv := redistest.StartServer(t)
	base := startWorld(t)
	replica := func() *world {
		store := redisstore.New(srv.Client(t), redisstore.GatewayPrefix)
		return startGateway(t, base.sb, store, base.sealer)
	}
	a, b := replica(), replica()
	maryA, maryB, mateo := a.browser(), b.browser(), a.browser()
	maryA.signInOIDC("corp", scenario.Mary)
	maryB.signInOIDC("corp", scenario.Mary)
	mateo.signInOIDC("corp", scenario.Mateo)
	for _, p := range []page{maryA.get(b.url + "/api/me"), maryB.get(a.url + "/api/me"), mateo.get(b.url + "/api/me")} {
		if p.status != http.StatusOK {
			t.Fatalf("before: %d", p.status)
		}
	}
	mary := identity.Identity{Issuer: base.info.OIDC.Issuer, Subject: subjectOf(t, maryA)}
	admin := redisstore.New(srv.Client(t), redisstore.GatewayPrefix)
	n, err := admin.DeleteUser(t.Context(), session.Owner(mary))
	if err != nil || n != 2 {
		t.Fatalf("terminate: %d sessions, %v", n, err)
	}
	for _, p := range []page{maryA.get(a.url + "/api/me"), maryA.get(b.url + "/api/me"),
		maryB.get(a.url + "/api/me"), maryB.get(b.url + "/api/me")} {
		if p.status != http.StatusUnauthorized {
			t.Fatalf("a terminated session at %s: %d", p.url.Host, p.status)
		}
	}
	for _, gw := range []*world{a, b} {
		if p := mateo.get(gw.url + "/api/me"); p.status != http.StatusOK {
			t.Fatalf("another user's session at %s: %d", gw.url, p.status)
		}
	}
}

// subjectOf reads the signed-in user's subject from /api/me.
func subjectOf(t *testing.T, b *browser) string {
	t.Helper()
	p := b.get(b.w.url + "/api/me")
	const key = `"subject":"`
	i := strings.Index(p.body, key)
	if p.status != http.StatusOK || i < 0 {
		t.Fatalf("/api/me: %d %s", p.status, p.body)
	}
	rest := p.body[i+len(key):]
	return rest[:strings.IndexByte(rest, '"')]
}
