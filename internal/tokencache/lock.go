package tokencache

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Lock takes the profile's cross-process lock, waiting until it is free
// or ctx is done. Call the returned function to release it.
func (s *Store) Lock(ctx context.Context, profile string) (unlock func(), err error) {
	return s.LockNotify(ctx, profile, nil)
}

// Holder is the process holding a profile's lock.
type Holder struct {
	PID  int
	Host string
}

// LockNotify is Lock that, when the lock is held by another process, calls
// waiting (if not nil) once with that process before it starts to wait, so
// the person can be told why nothing happens.
func (s *Store) LockNotify(ctx context.Context, profile string, waiting func(Holder)) (unlock func(), err error) {
	if err := checkProfile(profile); err != nil {
		return nil, err
	}
	if waiting == nil {
		waiting = func(Holder) {}
	}
	return s.locker.lock(ctx, profile, waiting)
}

// locker implements per-profile leases in dir/<profile>.lock. The lease
// record is read and written only under flock of that file, so the flock
// is held for microseconds; the lease itself is held for the whole
// critical section and renewed in the background.
type locker struct {
	dir  string
	now  func() time.Time
	ttl  time.Duration
	host string
	pid  int
}

func newLocker(dir string, opts Options) *locker {
	host, _ := os.Hostname()
	return &locker{dir: dir, now: opts.clock(), ttl: opts.leaseTTL(), host: host, pid: os.Getpid()}
}

// lease is the record kept in the lock file.
type lease struct {
	Owner   string    `json:"owner,omitempty"`
	PID     int       `json:"pid,omitempty"`
	Host    string    `json:"host,omitempty"`
	Expires time.Time `json:"expires,omitzero"`
}

// heldBy reports whether the lease is live and not ours: a lease ends at
// its expiry, or at once when its holder's process on this host is gone.
func (l *locker) heldByOther(r lease, owner string) bool {
	switch {
	case r.Owner == "" || r.Owner == owner:
		return false
	case !l.now().Before(r.Expires):
		return false
	case r.Host == l.host && !processAlive(r.PID):
		return false
	}
	return true
}

func (l *locker) lock(ctx context.Context, profile string, waiting func(Holder)) (func(), error) {
	if err := ensureSecureDir(l.dir); err != nil {
		return nil, fmt.Errorf("lock %s: %w", profile, err)
	}
	f, err := openPrivate(filepath.Join(l.dir, profile+".lock"))
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", profile, err)
	}
	owner := rand.Text()
	if err := l.acquire(ctx, f, owner, waiting); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", profile, err)
	}
	stop := l.renew(f, owner)
	var once sync.Once
	return func() { once.Do(func() { stop(); l.release(f, owner); f.Close() }) }, nil
}

// acquire polls the lease until it is ours or ctx is done; waiting hears
// of the holder before the first wait.
func (l *locker) acquire(ctx context.Context, f *os.File, owner string, waiting func(Holder)) error {
	wait := 5 * time.Millisecond
	for first := true; ; first = false {
		held, err := l.tryAcquire(f, owner)
		if held == nil || err != nil {
			return err
		}
		if first {
			waiting(*held)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, 200*time.Millisecond)
	}
}

// tryAcquire takes the lease if it is free; otherwise it returns who
// holds it.
func (l *locker) tryAcquire(f *os.File, owner string) (*Holder, error) {
	var held *Holder
	err := l.withRecord(f, func(r lease) (lease, bool) {
		if l.heldByOther(r, owner) {
			held = &Holder{PID: r.PID, Host: r.Host}
			return r, false
		}
		return l.fresh(owner), true
	})
	return held, err
}

func (l *locker) fresh(owner string) lease {
	return lease{Owner: owner, PID: l.pid, Host: l.host, Expires: l.now().Add(l.ttl)}
}

// renew extends the lease every third of its TTL until stopped.
func (l *locker) renew(f *os.File, owner string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(l.ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				l.withRecord(f, func(r lease) (lease, bool) { return l.fresh(owner), r.Owner == owner })
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func (l *locker) release(f *os.File, owner string) {
	l.withRecord(f, func(r lease) (lease, bool) { return lease{}, r.Owner == owner })
}

// withRecord reads the lease under flock, lets update decide, and writes
// the result back if asked.
func (l *locker) withRecord(f *os.File, update func(lease) (lease, bool)) error {
	if err := lockFile(f); err != nil {
		return err
	}
	defer unlockFile(f)
	next, write := update(readLease(f))
	if !write {
		return nil
	}
	return writeLease(f, next)
}

// readLease treats an unreadable record as free: the flock guarantees no
// live writer is halfway through it.
func readLease(f *os.File) lease {
	var r lease
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 || fi.Size() > 4096 {
		return r
	}
	buf := make([]byte, fi.Size())
	if _, err := f.ReadAt(buf, 0); err != nil {
		return lease{}
	}
	if json.Unmarshal(buf, &r) != nil {
		return lease{}
	}
	return r
}

func writeLease(f *os.File, r lease) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(b, 0); err != nil {
		return err
	}
	return f.Sync()
}
