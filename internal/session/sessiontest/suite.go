package sessiontest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
)

// NewStore returns an empty store for one test. A store that takes an
// injected clock runs on now; a store that keeps time itself ignores it.
type NewStore func(t *testing.T, now func() time.Time) session.Store

// Short is the lifetime the suite gives what it lets end. On a real clock
// the suite sleeps Short+slack, so keep the whole suite quick.
const Short = 200 * time.Millisecond

// slack is what the suite waits beyond an end before it expects the entry
// gone (a real store counts in milliseconds).
const slack = 50 * time.Millisecond

// Long is a lifetime nothing in the suite outlives.
const Long = time.Hour

type env struct {
	store session.Store
	clock Clock
	fake  bool // the clock moves only when advanced: ends are exact
	ctx   context.Context
}

// Run runs the suite against stores from newStore, each test on a clock
// from newClock (nil: a fake clock). The tests run in parallel.
func Run(t *testing.T, newStore NewStore, newClock func() Clock) {
	if newClock == nil {
		newClock = func() Clock { return NewFakeClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) }
	}
	tests := []struct {
		name string
		run  func(t *testing.T, e env)
	}{
		{"SessionRoundTrip", testSessionRoundTrip},
		{"CreateTakenID", testCreateTakenID},
		{"CreateEnded", testCreateEnded},
		{"GetMissing", testGetMissing},
		{"Update", testUpdate},
		{"UpdateCannotChangeUser", testUpdateCannotChangeUser},
		{"UpdateAfterDelete", testUpdateAfterDelete},
		{"LogoutWinsOverRefresh", testLogoutWinsOverRefresh},
		{"Delete", testDelete},
		{"SessionEnds", testSessionEnds},
		{"DeleteUser", testDeleteUser},
		{"Count", testCount},
		{"LockExclusive", testLockExclusive},
		{"LockNamesIndependent", testLockNamesIndependent},
		{"LockLease", testLockLease},
		{"LockWaitHonoursContext", testLockWaitHonoursContext},
		{"Seen", testSeen},
		{"SeenUntilPast", testSeenUntilPast},
		{"SeenConcurrent", testSeenConcurrent},
		{"Transactions", testTransactions},
		{"TransactionSingleUse", testTransactionSingleUse},
		{"Owners", testOwners},
		{"CancelledContext", testCancelledContext},
		{"Concurrent", testConcurrent},
		{"Ping", testPing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			_, fake := clock.(*FakeClock)
			tc.run(t, env{store: newStore(t, clock.Now), clock: clock, fake: fake, ctx: context.Background()})
		})
	}
}

// user returns a distinct identity per subject at one issuer.
func user(issuer, subject string) identity.Identity {
	return identity.Identity{
		Issuer:  issuer,
		Subject: subject,
		Email:   subject + "@example.com",
		Name:    strings.ToUpper(subject[:1]) + subject[1:],
		Groups:  []string{"staff", subject + "-team"},
	}
}

var (
	mary  = user("https://idp.example.com", "mary")
	mateo = user("https://idp.example.com", "mateo")
	// maryElsewhere has Mary's subject at another issuer: another user.
	maryElsewhere = user("https://other-idp.example.com", "mary")
)

// newSession returns a session of u, every field set, live for Long; its
// times are in three zones with nanoseconds.
func newSession(t *testing.T, e env, u identity.Identity) *session.Session {
	t.Helper()
	id, err := session.NewID(nil)
	if err != nil {
		t.Fatal(err)
	}
	csrf, err := session.NewID(nil)
	if err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now().Round(0).Truncate(time.Second).Add(123456789)
	signIn := make([]byte, 1536)
	for i := range signIn {
		signIn[i] = byte(i * 7)
	}
	u.Groups = slices.Clone(u.Groups) // tests change their session's groups
	return &session.Session{
		ID:       id,
		User:     u,
		IdP:      "corp",
		Mode:     identity.ModeOIDC,
		CSRF:     csrf,
		Created:  now.In(time.FixedZone("CET", 3600)),
		LastSeen: now.Add(time.Second).In(time.FixedZone("", -7*3600-1800)),
		Expires:  now.Add(Long).UTC(),
		SignIn:   signIn,
	}
}

func create(t *testing.T, e env, s *session.Session) {
	t.Helper()
	if err := e.store.Create(e.ctx, s); err != nil {
		t.Fatalf("Create: %v", err)
	}
}

// mustGet returns the stored session and checks it is want.
func mustGet(t *testing.T, e env, want *session.Session) *session.Session {
	t.Helper()
	got, err := e.store.Get(e.ctx, want.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if d := diffSession(want, got); d != "" {
		t.Fatalf("Get returned another session than stored:\n%s", d)
	}
	return got
}

// diffSession lists the fields where got differs from want; times must be
// the same instant with the same zone offset.
func diffSession(want, got *session.Session) string {
	var d []string
	field := func(name string, same bool, w, g any) {
		if !same {
			d = append(d, fmt.Sprintf("%s: got %v, want %v", name, g, w))
		}
	}
	field("ID", got.ID == want.ID, want.ID, got.ID)
	field("User.Issuer", got.User.Issuer == want.User.Issuer, want.User.Issuer, got.User.Issuer)
	field("User.Subject", got.User.Subject == want.User.Subject, want.User.Subject, got.User.Subject)
	field("User.Email", got.User.Email == want.User.Email, want.User.Email, got.User.Email)
	field("User.Name", got.User.Name == want.User.Name, want.User.Name, got.User.Name)
	field("User.Groups", slices.Equal(got.User.Groups, want.User.Groups), want.User.Groups, got.User.Groups)
	field("IdP", got.IdP == want.IdP, want.IdP, got.IdP)
	field("Mode", got.Mode == want.Mode, want.Mode, got.Mode)
	field("CSRF", got.CSRF == want.CSRF, want.CSRF, got.CSRF)
	field("Created", sameTime(want.Created, got.Created), want.Created, got.Created)
	field("LastSeen", sameTime(want.LastSeen, got.LastSeen), want.LastSeen, got.LastSeen)
	field("Expires", sameTime(want.Expires, got.Expires), want.Expires, got.Expires)
	field("SignIn", bytes.Equal(got.SignIn, want.SignIn), len(want.SignIn), len(got.SignIn))
	return strings.Join(d, "\n")
}

func sameTime(a, b time.Time) bool {
	_, ao := a.Zone()
	_, bo := b.Zone()
	return a.Equal(b) && ao == bo
}
