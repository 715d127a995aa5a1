package sessiontest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitBound bounds a wait the suite expects to end (a hung store fails
// the test instead of hanging it); it is never what a test asserts on.
const waitBound = 30 * time.Second

// heldFor is how long the suite lets Lock wait on a lock that must stay
// held; a lock released by mistake would be taken at once.
const heldFor = 100 * time.Millisecond

func testLockExclusive(t *testing.T, e env) {
	const workers, rounds = 4, 10
	var holders, taken atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				ctx, cancel := context.WithTimeout(e.ctx, waitBound)
				unlock, err := e.store.Lock(ctx, "refresh:mary", Long)
				cancel()
				if err != nil {
					errs <- err
					return
				}
				if holders.Add(1) != 1 {
					errs <- errors.New("two holders of one lock at once")
				}
				taken.Add(1)
				holders.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := taken.Load(); n != workers*rounds {
		t.Fatalf("lock taken %d times, want %d", n, workers*rounds)
	}
}

func testLockNamesIndependent(t *testing.T, e env) {
	unlockA, err := e.store.Lock(e.ctx, "refresh:a", Long)
	if err != nil {
		t.Fatal(err)
	}
	defer unlockA()
	ctx, cancel := context.WithTimeout(e.ctx, waitBound)
	defer cancel()
	unlockB, err := e.store.Lock(ctx, "refresh:b", Long)
	if err != nil {
		t.Fatalf("Lock of another name while one is held: %v", err)
	}
	unlockB()
}

// mustStayHeld checks that name cannot be taken now.
func mustStayHeld(t *testing.T, e env, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, heldFor)
	defer cancel()
	unlock, err := e.store.Lock(ctx, name, Long)
	if err == nil {
		unlock()
		t.Fatalf("lock %q was taken while its holder still has it", name)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lock of a held lock = %v, want the ctx's deadline", err)
	}
}

func testLockLease(t *testing.T, e env) {
	crashed, err := e.store.Lock(e.ctx, "refresh:mary", Short)
	if err != nil {
		t.Fatal(err)
	}
	// The first holder never unlocks in time; a waiter gets the lock once
	// the lease ends.
	got := make(chan func(), 1)
	errs := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(e.ctx, waitBound)
		defer cancel()
		unlock, err := e.store.Lock(ctx, "refresh:mary", Long)
		if err != nil {
			errs <- err
			return
		}
		got <- unlock
	}()
	e.clock.Advance(Short + slack)
	var second func()
	select {
	case second = <-got:
	case err := <-errs:
		t.Fatalf("Lock after the lease ended: %v", err)
	}
	// The first holder comes back late: its unlock must not release the
	// lock the second holder has now.
	crashed()
	crashed()
	mustStayHeld(t, e, "refresh:mary")
	second()
	unlock, err := e.store.Lock(e.ctx, "refresh:mary", Long)
	if err != nil {
		t.Fatalf("Lock after the holder unlocked: %v", err)
	}
	unlock()
}

func testLockWaitHonoursContext(t *testing.T, e env) {
	unlock, err := e.store.Lock(e.ctx, "refresh:mary", Long)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() {
		_, err := e.store.Lock(ctx, "refresh:mary", Long)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Lock whose ctx was cancelled while waiting = %v, want context.Canceled", err)
	}
	mustStayHeld(t, e, "refresh:mary")
	unlock()
	if _, err := e.store.Lock(e.ctx, "refresh:mary", 0); err == nil {
		t.Fatal("Lock with a zero lease succeeded")
	}
}
