package e2e_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

var (
	soakFull  = flag.Bool("soak.full", false, "run the isolation soak at full size (64 users, 200 turns each, 256 concurrent); also QBIZ_SOAK=full")
	soakSeed  = flag.Uint64("soak.seed", 0, "replay the isolation soak's decisions from this seed (0: a new one)")
	soakRedis = flag.Bool("soak.redis", false, "keep the isolation soak's sessions in a real redis-server (else the seed decides, when one is on PATH)")
)

// soakPlan is one run's size and faults, all drawn from its seed.
type soakPlan struct {
	seed        uint64
	users       int
	turns       int // per jar
	concurrency int
	maxDuration time.Duration
	procs       int // GOMAXPROCS, 0: unchanged
	// Faults.
	stsFaults, shortCreds, qFaults, tinyPool, proxy bool
	redis                                           bool // sessions in a real redis-server
}

func newSoakPlan() soakPlan {
	seed := *soakSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	_, err := exec.LookPath("redis-server")
	redis := *soakRedis || (err == nil && seed%2 == 0)
	if *soakFull || os.Getenv("QBIZ_SOAK") == "full" {
		// Nightly size: each fault on or off by the seed.
		r := rand.New(rand.NewPCG(seed, 0))
		return soakPlan{seed: seed, users: 64, turns: 200, concurrency: 256, maxDuration: 15 * time.Minute,
			procs: []int{1, 4, 16}[r.IntN(3)], stsFaults: r.IntN(4) > 0, shortCreds: r.IntN(4) > 0, qFaults: r.IntN(4) > 0,
			tinyPool: r.IntN(2) == 0, proxy: r.IntN(2) == 0, redis: redis}
	}
	// Every run's size (CI): small and bounded, every fault on.
	return soakPlan{seed: seed, users: 8, turns: 20, concurrency: 24, maxDuration: 20 * time.Second,
		stsFaults: true, shortCreds: true, qFaults: true, tinyPool: true, proxy: true, redis: redis}
}

func (p soakPlan) String() string {
	return fmt.Sprintf("seed %d: %d users, %d turns per browser, %d concurrent, GOMAXPROCS %d; STS faults %t, short credentials %t, Q faults %t, tiny pool %t, caching proxy %t, Redis sessions %t",
		p.seed, p.users, p.turns, p.concurrency, p.procs, p.stsFaults, p.shortCreds, p.qFaults, p.tinyPool, p.proxy, p.redis)
}

// TestIsolationSoak (ISO-11) signs soak users in through the gateway's real
// OIDC and SAML flows, each browser a cookie jar, and has them chat through
// POST /api/chat concurrently with a unique nonce per message, while the
// sandbox injects STS latency and errors, hands out credentials that need
// renewing every few seconds and throttles or fails Q Business; clients
// cancel streams, sign out and in again, switch users in one jar and hold
// two sessions for one user, behind a caching proxy over a tiny connection
// pool. The oracles: every message reached Q Business as its sender (1),
// every frame holds only its reader's canary (2), every key was minted for
// the subject that used it (3), every conversation id given to a user is
// the user's (4), no secret in the logs (5), no leaked goroutine (6), no
// call signed with credentials STS did not mint for a soak user (7).
// -soak.full (or QBIZ_SOAK=full) runs the nightly size; -soak.seed replays.
func TestIsolationSoak(t *testing.T) { runSoak(t, newSoakPlan()) }

// TestISO03SharedClientUnderLoad (ISO-03): 20 users' chats, up to 500 at
// once, through the gateway's one shared Q Business client: every call is
// signed as its own user (the soak's oracles, no faults).
func TestISO03SharedClientUnderLoad(t *testing.T) {
	runSoak(t, soakPlan{seed: rand.Uint64(), users: 20, turns: 25, concurrency: 500, maxDuration: 2 * time.Minute})
}

// runSoak runs plan and applies every oracle.
func runSoak(t *testing.T, plan soakPlan) {
	var redisURL string
	if plan.redis {
		redisURL = redistest.StartServer(t).URL() // before the goroutine snapshot: the server outlives the check
	}
	leaks := goleak.IgnoreCurrent()
	t.Logf("isolation soak, %s", plan)
	if plan.procs > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(plan.procs))
	}
	env := startSoakEnv(t, soakGateway{users: plan.users, tinyPool: plan.tinyPool, proxy: plan.proxy, redisURL: redisURL})
	env.setFaults(plan)
	r := newSoakRun(env, plan)
	res := r.run()
	facts := env.checkLedger(r.started)
	r.checkConversations(facts)
	if p, ok := env.proxy(); ok {
		res.proxyHits = p.hits.Load()
	}
	env.checkLogs()
	env.close()
	if err := findLeaks(leaks); err != nil {
		env.violation.add("oracle 6: %v", err)
	}
	t.Logf("%d chat turns (%d done, %d error frames, %d cancelled), %d sign-ins, %d requests in %.1fs: %.0f requests/s, %.0f turns/s; "+
		"%d nonces checked against %d end-user Q Business calls, %d STS keys, %d proxy cache hits",
		res.turns, res.done, res.failed, res.cancelled, res.signIns, res.requests, res.elapsed.Seconds(),
		float64(res.requests)/res.elapsed.Seconds(), float64(res.turns)/res.elapsed.Seconds(), facts.checked, facts.calls, len(facts.issued), res.proxyHits)
	list, first := env.violation.snapshot()
	if len(list) > 0 {
		t.Fatalf("isolation violated %.1fs into the run (%s; replay with -soak.seed %d):\n%s",
			first.Sub(r.started).Seconds(), plan, plan.seed, strings.Join(list, "\n"))
	}
	if res.done == 0 || facts.checked < res.done {
		t.Fatalf("the oracle saw too little: %d done turns, %d nonces in the ledger", res.done, facts.checked)
	}
	for _, err := range res.errs {
		t.Errorf("client: %v", err)
	}
}

// setFaults switches the plan's faults on through the sandbox's control API.
func (e *soakEnv) setFaults(p soakPlan) {
	e.t.Helper()
	var rules []string
	sts := []string{}
	if p.stsFaults {
		sts = append(sts, `"jitter":"500ms"`, `"error_rate":0.05`)
	}
	if p.shortCreds {
		// Renewal is due five minutes before expiry: these credentials are
		// renewed about every three seconds.
		sts = append(sts, `"credential_lifetime":"5m3s"`)
	}
	if len(sts) > 0 {
		rules = append(rules, `"sts":{`+strings.Join(sts, ",")+`}`)
	}
	if p.qFaults {
		rules = append(rules, `"qbusiness":{"jitter":"150ms","chunk_delay":"40ms","throttle_rate":0.05,"error_rate":0.03}`)
	}
	if len(rules) == 0 {
		return
	}
	e.postFaults(e.t, "{"+strings.Join(rules, ",")+"}")
}

// soakRun drives the browsers.
type soakRun struct {
	env     *soakEnv
	plan    soakPlan
	ctx     context.Context
	stop    context.CancelFunc
	started time.Time
	jars    []*soakBrowser
	nonce   atomic.Int64

	mu    sync.Mutex
	given []givenConversation
	res   soakResult
}

type givenConversation struct {
	user  sandbox.SoakUser
	id    string
	where string
}

type soakResult struct {
	turns, done, failed, cancelled, signIns int
	requests                                int64
	proxyHits                               int64
	elapsed                                 time.Duration
	errs                                    []error
}

// soakBrowser is a jar and the users it signs in as, in turn.
type soakBrowser struct {
	jar   *soakJar
	users []sandbox.SoakUser // one user, or several for a shared device
	next  int
	lock  sync.RWMutex // requests hold it shared until their headers are back; sign-in and out exclusively
	epoch int          // sign-ins and sign-outs so far, under lock
	rng   *rand.Rand
	rngMu sync.Mutex
}

func newSoakRun(env *soakEnv, plan soakPlan) *soakRun {
	r := &soakRun{env: env, plan: plan}
	r.ctx, r.stop = context.WithTimeout(context.Background(), plan.maxDuration)
	env.violation.onFirst = r.stop
	for i, u := range env.users {
		r.jars = append(r.jars, r.browser(fmt.Sprintf("jar-%s", u.Username), i, u))
	}
	// Two concurrent sessions for one user, and one shared device whose
	// users sign out and in, one after the other.
	r.jars = append(r.jars, r.browser("jar-second-session", len(r.jars), env.users[0]))
	r.jars = append(r.jars, r.browser("jar-shared-device", len(r.jars), env.users[1:]...))
	return r
}

func (r *soakRun) browser(name string, i int, users ...sandbox.SoakUser) *soakBrowser {
	return &soakBrowser{jar: r.env.newJar(name), users: users, rng: rand.New(rand.NewPCG(r.plan.seed, uint64(i)))}
}

func (b *soakBrowser) intN(n int) int {
	b.rngMu.Lock()
	defer b.rngMu.Unlock()
	return b.rng.IntN(n)
}

// run signs every browser in, then runs the turns; it returns when every
// turn is done, the time is up or an oracle fired.
func (r *soakRun) run() soakResult {
	defer r.stop()
	r.started = time.Now()
	perJar := max(1, r.plan.concurrency/len(r.jars))
	var wg sync.WaitGroup
	for _, b := range r.jars {
		b.lock.Lock()
		err := r.signInLocked(b, sandbox.SoakUser{})
		b.lock.Unlock()
		if err != nil {
			r.fail(err)
			continue
		}
		for w := range perJar {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.worker(b, (r.plan.turns+perJar-1-w)/perJar)
			}()
		}
	}
	wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.elapsed = time.Since(r.started)
	r.res.requests = r.env.requests.Load()
	return r.res
}

func (r *soakRun) fail(err error) {
	if r.ctx.Err() != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.res.errs) < 10 {
		r.res.errs = append(r.res.errs, err)
	}
}

// worker runs n turns in b: mostly chats, sometimes a look at the
// conversation list and who-am-I, sometimes a sign-out and in.
func (r *soakRun) worker(b *soakBrowser, n int) {
	for range n {
		if r.ctx.Err() != nil {
			return
		}
		var err error
		seen := 0
		switch d := b.intN(100); {
		case d < 4:
			err = r.switchUser(b)
		case d < 14:
			seen, err = r.look(b)
		default:
			seen, err = r.chat(b)
		}
		if errors.Is(err, errSignedOut) {
			err = r.signInAgain(b, seen)
		}
		if err != nil {
			r.fail(err)
		}
	}
}

// signInAgain signs the jar's user in again after its session ended
// (a SAML session ends with its credentials), unless another worker
// already signed the jar in or out since epoch seen.
func (r *soakRun) signInAgain(b *soakBrowser, seen int) error {
	b.lock.Lock()
	defer b.lock.Unlock()
	if b.epoch != seen {
		return nil
	}
	u, _, _ := b.jar.current()
	return r.signInLocked(b, u)
}

// signInLocked signs u (b's next user when u is empty) in; a sign-in
// refused by an injected STS fault is retried. b.lock is held.
func (r *soakRun) signInLocked(b *soakBrowser, u sandbox.SoakUser) error {
	if u.Username == "" {
		u = b.users[b.next%len(b.users)]
	}
	b.epoch++
	var err error
	for range 5 {
		if r.ctx.Err() != nil {
			return nil
		}
		if err = b.jar.signIn(r.ctx, u); err == nil {
			r.mu.Lock()
			r.res.signIns++
			r.mu.Unlock()
			return nil
		}
	}
	return err
}

// switchUser signs the jar out and in again: as the next user on a shared
// device, as the same user otherwise.
func (r *soakRun) switchUser(b *soakBrowser) error {
	b.lock.Lock()
	defer b.lock.Unlock()
	b.epoch++
	if err := b.jar.logout(r.ctx); err != nil {
		if r.ctx.Err() != nil {
			return nil
		}
		return err
	}
	b.next++
	return r.signInLocked(b, sandbox.SoakUser{})
}

// look reads who-am-I and the conversation list.
func (r *soakRun) look(b *soakBrowser) (int, error) {
	b.lock.RLock()
	u, _, _ := b.jar.current()
	seen := b.epoch
	var me struct {
		Subject string `json:"subject"`
	}
	err := b.jar.getJSON(r.ctx, u, "/api/me", &me)
	if err == nil && me.Subject != u.Subject {
		r.env.violation.add("oracle 4: /api/me answered %s with %s's subject", u.Username, r.env.userBySubject(me.Subject))
	}
	var list struct {
		Conversations []struct {
			ID string `json:"conversationId"`
		} `json:"conversations"`
	}
	if err == nil {
		err = b.jar.getJSON(r.ctx, u, "/api/conversations", &list)
	}
	b.lock.RUnlock()
	if r.ctx.Err() != nil {
		return seen, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range list.Conversations {
		r.given = append(r.given, givenConversation{u, c.ID, "list"})
	}
	return seen, err
}

// chat sends one message with a fresh nonce; one in ten is cancelled
// mid-stream, three in ten continue the user's last conversation.
func (r *soakRun) chat(b *soakBrowser) (int, error) {
	nonce := fmt.Sprintf("n%07dx%08d", r.nonce.Add(1), b.intN(1e8))
	cancelAfter, continued := 0, b.intN(10) < 3
	if b.intN(10) == 0 {
		cancelAfter = 1 + b.intN(3)
	}
	b.lock.RLock()
	u, csrf, conv := b.jar.current()
	seen := b.epoch
	if !continued {
		conv = ""
	}
	r.env.nonces.Store(nonce, u.Username)
	t, err := b.jar.chat(r.ctx, u, csrf, conv, nonce, cancelAfter, b.lock.RUnlock)
	if r.ctx.Err() != nil {
		return seen, nil
	}
	r.mu.Lock()
	r.res.turns++
	switch {
	case t.cancelled:
		r.res.cancelled++
	case t.done:
		r.res.done++
		r.given = append(r.given, givenConversation{u, t.conversation, "done frame"})
	case t.failed:
		r.res.failed++
	}
	r.mu.Unlock()
	if t.done {
		b.jar.setConversation(u, t.conversation)
	}
	return seen, err
}

// checkConversations runs oracle 4 over every conversation id given out.
func (r *soakRun) checkConversations(f ledgerFacts) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.given {
		r.env.checkConversation(f, g.user, g.id, g.where)
	}
}

// findLeaks is goleak.Find given time to settle: on a loaded machine an
// SDK event-stream writer may take seconds to see its request body closed
// after the run, while a real leak stays for good.
func findLeaks(opts ...goleak.Option) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := goleak.Find(opts...)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(500 * time.Millisecond)
	}
}
