package e2e_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// benchScale sizes the gateway's benchmarks. QBIZ_BENCH=1 gives the
// figures (scripts/bench.sh); otherwise a smoke run proves the harness
// works and measures nothing worth reading.
type benchScale struct {
	reps                 int // repetitions of each side, interleaved A,B,A,B…
	cpuRequests, cpuConc int // (1) chat turns per repetition, in flight at once
	sessions, perSession int // (2) sessions chatting at once, turns each
	idleSessions         int // (3)
	firstRequests        int // (4) at once, of one new session
	qLatency             time.Duration
	full                 bool
}

func benchScaleFromEnv() benchScale {
	if os.Getenv("QBIZ_BENCH") == "1" {
		return benchScale{reps: 5, cpuRequests: 1600, cpuConc: 16, sessions: 200, perSession: 5, idleSessions: 100_000,
			firstRequests: 1000, qLatency: 200 * time.Millisecond, full: true}
	}
	return benchScale{reps: 1, cpuRequests: 8, cpuConc: 2, sessions: 2, perSession: 2, idleSessions: 1000,
		firstRequests: 10, qLatency: 10 * time.Millisecond}
}

// TestGatewayBenchmarks measures, in one run against the sandbox, with
// each side's repetitions interleaved (A,B,A,B…: the machine is shared
// and noisy, so drift hits both alike):
//
//  1. the gateway's CPU time per proxied chat turn (its own process's,
//     from /proc: session lookup, SigV4, the Chat event stream, SSE) and
//     its throughput, against a bare pooled httputil.ReverseProxy on the
//     same hop (client → proxy → sandbox Q Business Chat, the same
//     HTTP/2 event stream the gateway opens, the client signing);
//  2. with Q Business answering after 200 ms, throughput and p50/p99 of
//     200 sessions chatting at once through the gateway, against the same
//     users' direct SDK calls with their own credentials;
//  3. the heap one idle session takes in the memory store, with 100k;
//  4. the STS exchanges behind 1000 concurrent first requests of one
//     new session (the sandbox's ledger counts them).
//
// It reports figures and asserts only correctness, never a time.
func TestGatewayBenchmarks(t *testing.T) {
	sc := benchScaleFromEnv()
	if !sc.full && testing.Short() {
		t.Skip("the benchmarks' smoke run: not in -short mode")
	}
	w := newBenchWorld(t, sc.sessions)
	var report []string
	add := func(format string, args ...any) { report = append(report, fmt.Sprintf(format, args...)) }
	t.Run("cpu", func(t *testing.T) { w.benchCPU(t, sc, add) })
	t.Run("latency", func(t *testing.T) { w.benchLatency(t, sc, add) })
	t.Run("memory", func(t *testing.T) { benchIdleMemory(t, sc, add) })
	t.Run("first_requests", func(t *testing.T) { w.benchFirstRequests(t, sc, add) })
	t.Logf("gateway benchmarks (%d repetitions each, interleaved; GOMAXPROCS %d):\n  %s", sc.reps, runtime.GOMAXPROCS(0),
		strings.Join(report, "\n  "))
}

// benchCPU is (1).
func (w *benchWorld) benchCPU(t *testing.T, sc benchScale, add func(string, ...any)) {
	w.setQLatency(0)
	per := sc.cpuRequests / sc.cpuConc
	gateway := func(n int) (loadRun, error) {
		return runLoad(t.Context(), w.gw.cmd.Process.Pid, sc.cpuConc, n, func(ctx context.Context, k int) error {
			return w.gatewayChat(ctx, w.sessions[k%len(w.sessions)])
		})
	}
	bare := func(n int) (loadRun, error) {
		return runLoad(t.Context(), w.proxy.cmd.Process.Pid, sc.cpuConc, n, func(ctx context.Context, k int) error {
			return w.sdkChat(ctx, w.proxied, k%len(w.sessions))
		})
	}
	var gwCPU, pxCPU, gwRate, pxRate, ratio []float64
	for i := -1; i < sc.reps; i++ { // i == -1 warms both up
		n := per
		if i < 0 {
			n = max(per/4, 1)
		}
		g, err := gateway(n)
		if err != nil {
			t.Fatalf("through the gateway: %v", err)
		}
		p, err := bare(n)
		if err != nil {
			t.Fatalf("through the bare proxy: %v", err)
		}
		if i < 0 {
			continue
		}
		gwCPU, pxCPU = append(gwCPU, us(g.cpuPerRequest())), append(pxCPU, us(p.cpuPerRequest()))
		gwRate, pxRate, ratio = append(gwRate, g.perSecond()), append(pxRate, p.perSecond()), append(ratio, g.perSecond()/p.perSecond())
	}
	if dir := os.Getenv("QBIZ_BENCH_PROFILE"); dir != "" {
		w.profileGateway(t, dir, func() error { _, err := gateway(per); return err })
	}
	add("(1) CPU per chat turn: gateway %s µs, bare proxy %s µs (%.2fx); goal ≤ 250 µs", spread("%.0f", gwCPU), spread("%.0f", pxCPU),
		median(gwCPU)/median(pxCPU))
	add("(1) throughput at %d in flight: gateway %s/s, bare proxy %s/s; gateway/bare %s (goal ≥ 0.80)", sc.cpuConc,
		spread("%.0f", gwRate), spread("%.0f", pxRate), spread("%.2f", ratio))
}

// benchLatency is (2).
func (w *benchWorld) benchLatency(t *testing.T, sc benchScale, add func(string, ...any)) {
	w.setQLatency(sc.qLatency)
	defer w.setQLatency(0)
	n := len(w.sessions)
	gateway := func(per int) (loadRun, error) {
		return runLoad(t.Context(), 0, n, per, func(ctx context.Context, k int) error { return w.gatewayChat(ctx, w.sessions[k]) })
	}
	direct := func(per int) (loadRun, error) {
		return runLoad(t.Context(), 0, n, per, func(ctx context.Context, k int) error { return w.sdkChat(ctx, w.direct, k) })
	}
	var gwRate, dRate, ratio, gw50, d50, gw99, d99, added []float64
	for i := -1; i < sc.reps; i++ {
		per := sc.perSession
		if i < 0 {
			per = 1
		}
		g, err := gateway(per)
		if err != nil {
			t.Fatalf("through the gateway: %v", err)
		}
		d, err := direct(per)
		if err != nil {
			t.Fatalf("direct: %v", err)
		}
		if i < 0 {
			continue
		}
		gwRate, dRate, ratio = append(gwRate, g.perSecond()), append(dRate, d.perSecond()), append(ratio, g.perSecond()/d.perSecond())
		gw50, d50 = append(gw50, ms(quantile(g.lat, 0.5))), append(d50, ms(quantile(d.lat, 0.5)))
		gw99, d99 = append(gw99, ms(quantile(g.lat, 0.99))), append(d99, ms(quantile(d.lat, 0.99)))
		added = append(added, ms(quantile(g.lat, 0.5)-quantile(d.lat, 0.5)))
	}
	add("(2) %d sessions at once, Q Business latency %v: gateway %s/s, direct SDK %s/s; gateway/direct %s (goal ≥ 0.95)",
		n, sc.qLatency, spread("%.0f", gwRate), spread("%.0f", dRate), spread("%.3f", ratio))
	add("(2) p50 gateway %s ms, direct %s ms, added %s ms (goal ≤ 1 ms); p99 gateway %s ms, direct %s ms",
		spread("%.1f", gw50), spread("%.1f", d50), spread("%.2f", added), spread("%.1f", gw99), spread("%.1f", d99))
}

// benchFirstRequests is (4): a new session of a user, then many requests
// of it at once; the ledger counts the STS exchanges made for the user.
func (w *benchWorld) benchFirstRequests(t *testing.T, sc benchScale, add func(string, ...any)) {
	u := w.users[0]
	since := time.Now()
	env := &soakEnv{t: t, sb: w.sb, info: w.info, users: w.users, gwURL: w.gw.url, logs: &syncLog{}, clientTransport: w.browser.Transport}
	j := env.newJar("first")
	if err := j.signIn(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	_, csrf, _ := j.current()
	s := benchSession{cookie: j.sessionCookie(), csrf: csrf}
	if _, err := runLoad(t.Context(), 0, sc.firstRequests, 1, func(ctx context.Context, _ int) error { return w.gatewayChat(ctx, s) }); err != nil {
		t.Fatal(err)
	}
	n := stsExchanges(w.sb.Ledger, u.Subject, since)
	if n != 1 {
		t.Errorf("%d STS exchanges for a sign-in and %d requests at once of its session, want 1", n, sc.firstRequests)
	}
	add("(4) %d concurrent first chat turns of one new session: %d STS exchange(s) in all, the sign-in's (goal 1)", sc.firstRequests, n)
}

// stsExchanges counts the STS calls that issued credentials to subject
// since then.
func stsExchanges(l *ledger.Ledger, subject string, since time.Time) int {
	return l.Count(func(e ledger.Entry) bool {
		return e.Service == "sts" && !e.Time.Before(since) && e.Principal != nil && e.Principal.Subject == subject
	})
}

// benchIdleMemory is (3): sessions with a sign-in of a production size
// (an Okta-sized ID and refresh token, an AWS session token) in the
// memory store; the heap they add, after GC, per session.
func benchIdleMemory(t *testing.T, sc benchScale, add func(string, ...any)) {
	sealer, err := session.NewSealer(make([]byte, session.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	entry := tokencache.Entry{Mode: identity.ModeOIDC,
		Identity: identity.Identity{Issuer: "https://example.okta.com/oauth2/default", Subject: "00u1a2b3c4d5e6f7g8h9",
			Email: "mary_major@example.com", Name: "Mary Major"},
		IDToken: logging.Secret(strings.Repeat("i", 1100)), IDTokenExpiry: now.Add(time.Hour),
		RefreshToken: logging.Secret(strings.Repeat("r", 900)), IdPSessionExpiry: now.Add(12 * time.Hour),
		Settings: map[string]string{"issuer": "https://example.okta.com/oauth2/default", "client_id": "0oa1b2c3d4e5f6g7h8i9",
			"role_arn": "arn:aws:iam::123456789012:role/QBusinessWeb", "region": "us-east-1"},
		AWS: tokencache.Credentials{AccessKeyID: "ASIA" + strings.Repeat("A", 16), SecretAccessKey: logging.Secret(strings.Repeat("s", 40)),
			SessionToken: logging.Secret(strings.Repeat("t", 1000)), Expiration: now.Add(time.Hour)}}
	plain, err := tokencache.MarshalEntry(entry)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := session.NewMemoryStore(nil)
	sealedLen := 0
	for i := range sc.idleSessions {
		id, _ := session.NewID(nil)
		csrf, _ := session.NewID(nil)
		sealed, err := sealer.Seal(id, plain)
		if err != nil {
			t.Fatal(err)
		}
		sealedLen = len(sealed)
		u := entry.Identity
		u.Subject = fmt.Sprintf("00u%017d", i)
		s := &session.Session{ID: id, User: u, IdP: "corp", Mode: identity.ModeOIDC, CSRF: csrf,
			Created: now, LastSeen: now, Expires: now.Add(12 * time.Hour), SignIn: sealed}
		if err := m.Create(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perSession := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(sc.idleSessions)
	runtime.KeepAlive(m)
	add("(3) %d idle sessions in the memory store: %.0f B each (%.2f KiB; goal ≤ 4 KiB), of which the sealed sign-in is %d B (%.2fx it)",
		sc.idleSessions, perSession, perSession/1024, sealedLen, perSession/float64(sealedLen))
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
