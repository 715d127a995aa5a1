package sessiontest

import (
	"bytes"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/session"
)

// takers is how many callers race for one single-use entry.
const takers = 50

func seen(t *testing.T, e env, id string, until time.Time, want bool) {
	t.Helper()
	got, err := e.store.Seen(e.ctx, id, until)
	if err != nil {
		t.Fatalf("Seen(%q): %v", id, err)
	}
	if got != want {
		t.Fatalf("Seen(%q) = %v, want %v", id, got, want)
	}
}

func testSeen(t *testing.T, e env) {
	until := e.clock.Now().Add(Long)
	seen(t, e, "_assertion-1", until, false)
	seen(t, e, "_assertion-1", until, true)
	seen(t, e, "_assertion-2", until, false)
	if e.fake {
		e.clock.Advance(Long - time.Nanosecond)
		seen(t, e, "_assertion-1", until, true)
		e.clock.Advance(time.Nanosecond)
		seen(t, e, "_assertion-1", until, false) // its lifetime ended
	}
}

// testSeenUntilPast: an id whose until has passed (accepted within the
// clock skew) is still refused the second time, for SeenFloor.
func testSeenUntilPast(t *testing.T, e env) {
	past := e.clock.Now().Add(-time.Minute)
	seen(t, e, "_late", past, false)
	seen(t, e, "_late", past, true)
	if e.fake {
		e.clock.Advance(session.SeenFloor - time.Nanosecond)
		seen(t, e, "_late", past, true)
		e.clock.Advance(time.Nanosecond)
		seen(t, e, "_late", past, false)
	}
}

// testSeenConcurrent replays one assertion to many replicas at once:
// exactly one accepts it.
func testSeenConcurrent(t *testing.T, e env) {
	until := e.clock.Now().Add(Long)
	var fresh atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, takers)
	for range takers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replay, err := e.store.Seen(e.ctx, "_raced", until)
			if err != nil {
				errs <- err
				return
			}
			if !replay {
				fresh.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := fresh.Load(); n != 1 {
		t.Fatalf("%d of %d concurrent Seen calls found the id new, want 1", n, takers)
	}
}

func take(t *testing.T, e env, key string, want []byte) {
	t.Helper()
	got, err := e.store.TakeTransaction(e.ctx, key)
	if want == nil {
		if !errors.Is(err, session.ErrNotFound) {
			t.Fatalf("TakeTransaction(%q) = %q, %v; want ErrNotFound", key, got, err)
		}
		return
	}
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("TakeTransaction(%q) = %q, %v; want %q", key, got, err, want)
	}
}

func testTransactions(t *testing.T, e env) {
	value := []byte("state\x00verifier\xffnonce")
	kept := bytes.Clone(value)
	if err := e.store.PutTransaction(e.ctx, "state-1", value, Long); err != nil {
		t.Fatal(err)
	}
	value[0] = 'X' // the caller's slice after Put
	if err := e.store.PutTransaction(e.ctx, "state-2", []byte("two"), Long); err != nil {
		t.Fatal(err)
	}
	take(t, e, "state-1", kept)
	take(t, e, "state-1", nil) // single use
	take(t, e, "no-such-state", nil)
	take(t, e, "state-2", []byte("two"))

	if err := e.store.PutTransaction(e.ctx, "state-3", []byte("three"), Short); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(Short + slack)
	take(t, e, "state-3", nil)

	if err := e.store.PutTransaction(e.ctx, "state-4", []byte("four"), 0); err == nil {
		t.Fatal("PutTransaction with a zero ttl succeeded")
	}
}

// testTransactionSingleUse races callbacks carrying one state: exactly one
// takes the transaction.
func testTransactionSingleUse(t *testing.T, e env) {
	if err := e.store.PutTransaction(e.ctx, "state", []byte("pkce"), Long); err != nil {
		t.Fatal(err)
	}
	var won atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, takers)
	for range takers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := e.store.TakeTransaction(e.ctx, "state")
			switch {
			case err == nil && string(v) == "pkce":
				won.Add(1)
			case errors.Is(err, session.ErrNotFound):
			default:
				errs <- errors.Join(errors.New("TakeTransaction"), err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := won.Load(); n != 1 {
		t.Fatalf("%d of %d concurrent takers got the transaction, want 1", n, takers)
	}
}

func testOwners(t *testing.T, e env) {
	maryKey, mateoKey := session.Owner(mary), session.Owner(mateo)
	if err := e.store.SetOwner(e.ctx, "conv-1", maryKey, Long); err != nil {
		t.Fatal(err)
	}
	if err := e.store.SetOwner(e.ctx, "conv-2", mateoKey, Long); err != nil {
		t.Fatal(err)
	}
	owner := func(conv, want string) {
		t.Helper()
		got, err := e.store.Owner(e.ctx, conv)
		if want == "" {
			if !errors.Is(err, session.ErrNotFound) {
				t.Fatalf("Owner(%q) = %q, %v; want ErrNotFound", conv, got, err)
			}
			return
		}
		if err != nil || got != want {
			t.Fatalf("Owner(%q) = %q, %v; want %q", conv, got, err, want)
		}
	}
	owner("conv-1", maryKey)
	owner("conv-2", mateoKey)
	owner("conv-3", "")

	if err := e.store.SetOwner(e.ctx, "conv-4", maryKey, Short); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(Short + slack)
	owner("conv-4", "")
	owner("conv-1", maryKey)

	if err := e.store.SetOwner(e.ctx, "conv-5", maryKey, 0); err == nil {
		t.Fatal("SetOwner with a zero ttl succeeded")
	}
}
