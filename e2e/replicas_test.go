package e2e_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// Two qbiz serve processes behind one load balancer, sharing one real
// redis-server and one session key, as the README deploys them: a session
// begun on one replica is served by the other, survives restarting both,
// and ends on both at logout; a SAML response one accepted the other
// refuses; Redis gone is a readiness failure, and a replica starting
// without it exits with an error saying so.
func TestTwoReplicasShareSessions(t *testing.T) {
	w := newReplicaWorld(t)
	mary, _ := w.sb.Info().User(scenario.Mary)
	a, b := w.startReplica("A"), w.startReplica("B")

	browser := newReplicaBrowser(t, w.lb.url)
	w.lb.to(t, a)
	browser.signInOIDC(mary)
	w.lb.to(t, b)
	w.chatAsMary(browser, "on B after signing in on A")

	a.stop(t)
	b.stop(t)
	a, b = w.startReplica("A2"), w.startReplica("B2")
	for _, r := range []*replica{a, b} {
		w.lb.to(t, r)
		if status, email := browser.me(); status != http.StatusOK || email != scenario.Mary {
			t.Fatalf("GET /api/me on %s after the restart: %d %q, want Mary's session", r.name, status, email)
		}
	}
	w.chatAsMary(browser, "on B after restarting both")

	w.samlReplayAcrossReplicas(a, b)

	w.lb.to(t, b)
	browser.want(browser.api(http.MethodPost, "/logout", "{}"), http.StatusNoContent)
	w.lb.to(t, a)
	if status, _ := browser.me(); status != http.StatusUnauthorized {
		t.Errorf("GET /api/me on A after logout on B: %d, want 401", status)
	}

	w.redisGoesAway(a, b)
}

// chatAsMary asks through the load balancer's current replica: the answer
// cites ACME and Q Business saw the request signed as Mary.
func (w *replicaWorld) chatAsMary(b *replicaBrowser, where string) {
	w.t.Helper()
	chats := func() int {
		return w.sb.Ledger.Count(func(e ledger.Entry) bool {
			return e.Service == "qbusiness" && e.Operation == "Chat" && e.Status == http.StatusOK && e.Identity == scenario.Mary
		})
	}
	before := chats()
	d := b.chat("When does the ACME project launch?")
	if !strings.Contains(titles(d), "ACME") || d.Answer == "" {
		w.t.Errorf("chat %s: done frame %+v, want Mary's answer citing ACME", where, d)
	}
	if chats() != before+1 {
		w.t.Errorf("chat %s: Q Business recorded %d Chat calls as Mary, want 1", where, chats()-before)
	}
}

// samlReplayAcrossReplicas signs Mary in with SAML at a, then posts the
// same response to b: refused once as the browser replays it, and again
// with the sign-in transaction put back in Redis, so that only the shared
// replay cache stands between the response and a session.
func (w *replicaWorld) samlReplayAcrossReplicas(a, b *replica) {
	w.t.Helper()
	rc := w.redis.Client(w.t)
	mary, _ := w.sb.Info().User(scenario.Mary)
	br := newReplicaBrowser(w.t, w.lb.url)
	w.lb.to(w.t, a)
	form := br.samlResponse(mary)
	tx := br.cookie("__Host-qbiz-tx")
	pending := dumpKeys(w.t, rc, "*t:tx:*")
	if tx == "" || len(pending) != 1 {
		w.t.Fatalf("SAML sign-in in progress: tx cookie %t, %d transactions in Redis, want one", tx != "", len(pending))
	}
	accepted := br.submit(form, nil, "null")
	if accepted.status != http.StatusSeeOther || br.cookie("__Host-qbiz") == "" {
		w.t.Fatalf("A's ACS: %d %.300s, want a session", accepted.status, accepted.body)
	}

	w.lb.to(w.t, b)
	replay := newReplicaBrowser(w.t, w.lb.url)
	replay.setCookie("__Host-qbiz-tx", tx)
	w.refused(replay, replay.submit(form, nil, "null"), "already used or has expired")

	restoreKeys(w.t, rc, pending)
	replay.setCookie("__Host-qbiz-tx", tx)
	w.refused(replay, replay.submit(form, nil, "null"), "this sign-in response was already used")
	if n := len(dumpKeys(w.t, rc, "*t:tx:*")); n != 0 {
		w.t.Errorf("%d sign-in transactions left in Redis after B's refusal, want the restored one consumed", n)
	}
}

// refused: a 4xx naming why, and no session for the browser.
func (w *replicaWorld) refused(b *replicaBrowser, p soakPage, why string) {
	w.t.Helper()
	if p.status < 400 || p.status >= 500 || !strings.Contains(p.body, why) {
		w.t.Errorf("SAML response replayed to B: %d %.400s, want a refusal saying %q", p.status, p.body, why)
	}
	if b.cookie("__Host-qbiz") != "" {
		w.t.Error("B gave the replayed SAML response a session")
	}
}

// dumpKeys is every key matching pattern, serialised with its TTL.
func dumpKeys(t *testing.T, rc *redis.Client, pattern string) map[string]dumped {
	t.Helper()
	ctx := context.Background()
	keys, err := rc.Keys(ctx, pattern).Result()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]dumped{}
	for _, k := range keys {
		v, err := rc.Dump(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		ttl, err := rc.PTTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		out[k] = dumped{v, ttl}
	}
	return out
}

type dumped struct {
	value string
	ttl   time.Duration
}

func restoreKeys(t *testing.T, rc *redis.Client, keys map[string]dumped) {
	t.Helper()
	for k, d := range keys {
		if err := rc.RestoreReplace(context.Background(), k, d.ttl, d.value).Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// redisGoesAway stops Redis under both replicas: /readyz names the
// session store (a load balancer takes them out), /healthz still
// answers, both stop cleanly, and a replica starting now exits 1 saying
// Redis does not answer.
func (w *replicaWorld) redisGoesAway(a, b *replica) {
	w.t.Helper()
	w.redis.Stop()
	for _, r := range []*replica{a, b} {
		if code, body := httpGet(w.t, r.url+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "session store") {
			w.t.Errorf("%s /readyz without Redis: %d %q, want 503 naming the session store", r.name, code, body)
		}
		if code, _ := httpGet(w.t, r.url+"/healthz"); code != http.StatusOK {
			w.t.Errorf("%s /healthz without Redis: %d, want 200", r.name, code)
		}
	}
	a.stop(w.t)
	b.stop(w.t)
	cmd := exec.Command(qbizBin, "serve", "--config", w.config, "--addr", "127.0.0.1:0")
	cmd.Env = []string{"HOME=" + w.t.TempDir(), "PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	want := "qbiz: redis at " + w.redis.Addr + " does not answer"
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), want) {
		w.t.Errorf("qbiz serve with Redis down: %v, want exit 1 saying %q\n%s", err, want, out)
	}
}
