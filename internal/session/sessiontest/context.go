package sessiontest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/session"
)

// testCancelledContext: every method called with an ended ctx returns the
// ctx's error — a cancelled read is never "not found", so a cancelled
// request never ends a valid session — and changes nothing.
func testCancelledContext(t *testing.T, e env) {
	s := newSession(t, e, mary)
	create(t, e, s)
	if err := e.store.PutTransaction(e.ctx, "state", []byte("v"), Long); err != nil {
		t.Fatal(err)
	}
	unlock, err := e.store.Lock(e.ctx, "held", Long)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()

	cancelled, cancel := context.WithCancel(e.ctx)
	cancel()
	expired, cancel2 := context.WithDeadline(e.ctx, time.Now().Add(-time.Second))
	defer cancel2()
	until := e.clock.Now().Add(Long)
	for _, c := range []struct {
		ctx  context.Context
		want error
	}{{cancelled, context.Canceled}, {expired, context.DeadlineExceeded}} {
		ctx := c.ctx
		calls := map[string]func() error{
			"Get":             func() error { _, err := e.store.Get(ctx, s.ID); return err },
			"Get(missing)":    func() error { _, err := e.store.Get(ctx, "missing"); return err },
			"Create":          func() error { return e.store.Create(ctx, newSession(t, e, mateo)) },
			"Update":          func() error { return e.store.Update(ctx, s) },
			"Delete":          func() error { return e.store.Delete(ctx, s.ID) },
			"DeleteUser":      func() error { _, err := e.store.DeleteUser(ctx, session.Owner(mary)); return err },
			"Count":           func() error { _, err := e.store.Count(ctx); return err },
			"Lock":            func() error { _, err := e.store.Lock(ctx, "free", Long); return err },
			"Lock(held)":      func() error { _, err := e.store.Lock(ctx, "held", Long); return err },
			"Seen":            func() error { _, err := e.store.Seen(ctx, "_cancelled", until); return err },
			"PutTransaction":  func() error { return e.store.PutTransaction(ctx, "other", []byte("v"), Long) },
			"TakeTransaction": func() error { _, err := e.store.TakeTransaction(ctx, "state"); return err },
			"SetOwner":        func() error { return e.store.SetOwner(ctx, "conv", "owner", Long) },
			"Owner":           func() error { _, err := e.store.Owner(ctx, "conv"); return err },
			"Ping":            func() error { return e.store.Ping(ctx) },
		}
		for name, call := range calls {
			err := call()
			if !errors.Is(err, c.want) || errors.Is(err, session.ErrNotFound) {
				t.Errorf("%s with an ended ctx = %v, want %v", name, err, c.want)
			}
		}
	}
	mustGet(t, e, s) // not deleted
	if n, err := e.store.Count(e.ctx); err != nil || n != 1 {
		t.Fatalf("Count = %d, %v; want 1 (nothing created)", n, err)
	}
	seen(t, e, "_cancelled", until, false) // not recorded
	take(t, e, "state", []byte("v"))       // not taken
}

// testConcurrent runs many users' requests at once: each sees only its own
// session (run with -race).
func testConcurrent(t *testing.T, e env) {
	const users, rounds = 16, 20
	var wg sync.WaitGroup
	errs := make(chan error, users)
	for i := range users {
		u := user("https://idp.example.com", fmt.Sprintf("user%02d", i))
		s := newSession(t, e, u)
		s.SignIn = []byte(u.Subject)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := concurrentUser(e, s, rounds); err != nil {
				errs <- fmt.Errorf("%s: %w", s.User.Subject, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, err := e.store.Count(e.ctx); err != nil || n != 0 {
		t.Fatalf("Count after every user logged out = %d, %v; want 0", n, err)
	}
}

func concurrentUser(e env, s *session.Session, rounds int) error {
	if err := e.store.Create(e.ctx, s); err != nil {
		return err
	}
	owner := session.Owner(s.User)
	for n := range rounds {
		got, err := e.store.Get(e.ctx, s.ID)
		if err != nil {
			return err
		}
		if !got.User.SameUser(s.User) || string(got.SignIn) != s.User.Subject {
			return fmt.Errorf("Get returned %s's session", got.User.Subject)
		}
		got.LastSeen = got.LastSeen.Add(time.Second)
		if err := e.store.Update(e.ctx, got); err != nil {
			return err
		}
		conv := fmt.Sprintf("%s-conv-%d", s.User.Subject, n)
		if err := e.store.SetOwner(e.ctx, conv, owner, Long); err != nil {
			return err
		}
		if o, err := e.store.Owner(e.ctx, conv); err != nil || o != owner {
			return fmt.Errorf("Owner(%s) = %q, %v", conv, o, err)
		}
		if _, err := e.store.Count(e.ctx); err != nil {
			return err
		}
	}
	_, err := e.store.DeleteUser(e.ctx, owner)
	return err
}

func testPing(t *testing.T, e env) {
	if err := e.store.Ping(e.ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}
