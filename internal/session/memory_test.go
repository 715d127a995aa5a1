package session_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/sessiontest"
)

// newManualClock is a fake clock at a fixed start.
func newManualClock() *sessiontest.FakeClock {
	return sessiontest.NewFakeClock(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC))
}

func TestMemoryGetReturnsACopy(t *testing.T) {
	ctx := context.Background()
	clock := newManualClock()
	m := session.NewMemoryStore(clock.Now)
	s := &session.Session{
		ID:      "id-1",
		User:    identity.Identity{Issuer: "https://idp", Subject: "mary", Groups: []string{"staff"}},
		Expires: clock.Now().Add(time.Hour),
		SignIn:  []byte("sealed"),
	}
	if err := m.Create(ctx, s); err != nil {
		t.Fatal(err)
	}
	s.SignIn[0] = 'X' // the caller's value after Create
	s.User.Groups[0] = "admins"

	got, err := m.Get(ctx, "id-1")
	if err != nil {
		t.Fatal(err)
	}
	got.SignIn[1] = 'Y' // the caller's copy after Get
	got.User.Groups[0] = "root"
	got.CSRF = "changed"

	again, err := m.Get(ctx, "id-1")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.SignIn, []byte("sealed")) || again.User.Groups[0] != "staff" || again.CSRF != "" {
		t.Fatalf("stored session changed through a caller's pointer: %+v", again)
	}
}

func TestMemorySweepDropsEndedEntriesAndTheirOwnerIndex(t *testing.T) {
	ctx := context.Background()
	clock := newManualClock()
	m := session.NewMemoryStore(clock.Now)
	u := identity.Identity{Issuer: "https://idp", Subject: "mary"}
	for i, d := range []time.Duration{time.Minute, time.Hour} {
		s := &session.Session{ID: string(rune('a' + i)), User: u, Expires: clock.Now().Add(d)}
		if err := m.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(2 * time.Minute)
	if n, err := m.Count(ctx); err != nil || n != 1 {
		t.Fatalf("Count = %d, %v; want 1", n, err)
	}
	if n, err := m.DeleteUser(ctx, session.Owner(u)); err != nil || n != 1 {
		t.Fatalf("DeleteUser = %d, %v; want 1 (the ended one is not counted)", n, err)
	}
}

func TestMemoryLockLeaseEndsByTheInjectedClock(t *testing.T) {
	clock := newManualClock()
	m := session.NewMemoryStore(clock.Now)
	ctx := context.Background()
	first, err := m.Lock(ctx, "refresh", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		unlock, err := m.Lock(ctx, "refresh", time.Minute)
		if err == nil {
			unlock()
		}
		got <- err
	}()
	clock.Advance(time.Minute) // the first holder never unlocked in time
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	second, err := m.Lock(ctx, "refresh", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	first() // late: must not release the second holder's lock
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := m.Lock(short, "refresh", time.Minute); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock while the second holder has it = %v, want the ctx's deadline", err)
	}
	second()
}
