package session

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// SeenFloor is the shortest time Seen keeps an id, whatever until it is
// given: an assertion accepted within the allowed clock skew after its
// NotOnOrAfter is still refused the second time.
const SeenFloor = 5 * time.Minute

// sweepBatch bounds how many ended entries one write removes, so a burst
// of expiries never stalls a request; Count removes them all.
const sweepBatch = 64

// lockPoll is the longest a waiting Lock sleeps before it looks at the
// clock again (the clock may be a test's, moved by hand).
const lockPoll = 20 * time.Millisecond

// Memory is a Store for one process. Entries end by the injected clock:
// lazily when read, and by a bounded sweep on each write (a heap of ends,
// no goroutine or timer per entry).
type Memory struct {
	now func() time.Time

	mu       sync.RWMutex
	sessions *expiring[storedSession]
	byOwner  map[string][]string // owner → session ids, for DeleteUser
	seen     *expiring[struct{}]
	txs      *expiring[[]byte]
	owners   *expiring[string]
	locks    *expiring[*memoryLock]
	lockSeq  uint64
}

type storedSession struct {
	s     Session
	owner string // Owner(s.User) at Create: the index it is filed under
}

type memoryLock struct {
	token    uint64
	released chan struct{} // closed by the holder's unlock
	once     sync.Once
}

var _ Store = (*Memory)(nil)

// NewMemoryStore returns an empty Memory whose entries end by now
// (nil: time.Now).
func NewMemoryStore(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{
		now:      now,
		sessions: newExpiring[storedSession](),
		byOwner:  map[string][]string{},
		seen:     newExpiring[struct{}](),
		txs:      newExpiring[[]byte](),
		owners:   newExpiring[string](),
		locks:    newExpiring[*memoryLock](),
	}
}

// Create stores a copy of s until s.Expires.
func (m *Memory) Create(ctx context.Context, s *Session) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s == nil || s.ID == "" {
		return errors.New("create session: no id")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	if !now.Before(s.Expires) {
		return errors.New("create session: it has already ended")
	}
	if _, ok := m.sessions.get(s.ID, now); ok {
		return ErrExists
	}
	m.dropSessionLocked(s.ID) // an ended session under the same id
	owner := Owner(s.User)
	m.sessions.set(s.ID, storedSession{s: cloneSession(s), owner: owner}, s.Expires)
	m.byOwner[owner] = append(m.byOwner[owner], s.ID)
	return nil
}

// Get returns a copy of the live session under id, or ErrNotFound.
func (m *Memory) Get(ctx context.Context, id string) (*Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	it, ok := m.sessions.get(id, m.now())
	if !ok {
		return nil, ErrNotFound
	}
	c := cloneSession(&it.val.s)
	return &c, nil
}

// Update replaces the live session under s.ID with a copy of s. A session
// never changes user: an update naming another one is refused.
func (m *Memory) Update(ctx context.Context, s *Session) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s == nil {
		return errors.New("update session: nil")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	it, ok := m.sessions.get(s.ID, now)
	if !ok {
		return ErrNotFound
	}
	if Owner(s.User) != it.val.owner {
		return errors.New("update session: it belongs to another user")
	}
	m.sessions.set(s.ID, storedSession{s: cloneSession(s), owner: it.val.owner}, s.Expires)
	return nil
}

// Delete removes the session under id, if any.
func (m *Memory) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked(sweepBatch)
	m.dropSessionLocked(id)
	return nil
}

// DeleteUser removes every session filed under owner and returns how many
// live ones it removed.
func (m *Memory) DeleteUser(ctx context.Context, owner string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	n := 0
	for _, id := range slices.Clone(m.byOwner[owner]) {
		if _, live := m.sessions.get(id, now); live {
			n++
		}
		m.dropSessionLocked(id)
	}
	return n, nil
}

// Count returns the number of live sessions.
func (m *Memory) Count(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweepLocked(-1)
	return m.sessions.len(), nil
}

// Lock takes the named lock for lease, waiting until it is free (unlocked
// or its lease ended) or ctx ends. The returned unlock releases it only
// while this holder still has it.
func (m *Memory) Lock(ctx context.Context, name string, lease time.Duration) (func(), error) {
	if lease <= 0 {
		return nil, fmt.Errorf("lock: lease %v is not positive", lease)
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		l, wait, left := m.tryLock(name, lease)
		if l != nil {
			return func() { m.unlock(name, l) }, nil
		}
		timer := time.NewTimer(min(left, lockPoll))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-wait:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// tryLock takes the lock if it is free; otherwise it returns what to wait
// on: the holder's release and the time its lease has left.
func (m *Memory) tryLock(name string, lease time.Duration) (*memoryLock, <-chan struct{}, time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	if it, held := m.locks.get(name, now); held {
		return nil, it.val.released, it.until.Sub(now)
	}
	m.lockSeq++
	l := &memoryLock{token: m.lockSeq, released: make(chan struct{})}
	m.locks.set(name, l, now.Add(lease))
	return l, nil, 0
}

func (m *Memory) unlock(name string, l *memoryLock) {
	l.once.Do(func() {
		m.mu.Lock()
		if it, ok := m.locks.items[name]; ok && it.val.token == l.token {
			m.locks.remove(name)
		}
		m.mu.Unlock()
		close(l.released)
	})
}

// Seen records id until until (at least SeenFloor from now) and reports
// whether it was recorded already.
func (m *Memory) Seen(ctx context.Context, id string, until time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	if _, ok := m.seen.get(id, now); ok {
		return true, nil
	}
	if floor := now.Add(SeenFloor); until.Before(floor) {
		until = floor
	}
	m.seen.set(id, struct{}{}, until)
	return false, nil
}

// PutTransaction keeps a copy of value under key for ttl.
func (m *Memory) PutTransaction(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if ttl <= 0 {
		return fmt.Errorf("put transaction: ttl %v is not positive", ttl)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	m.txs.set(key, slices.Clone(value), now.Add(ttl))
	return nil
}

// TakeTransaction returns and removes the live transaction under key.
func (m *Memory) TakeTransaction(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	it, ok := m.txs.get(key, now)
	if !ok {
		return nil, ErrNotFound
	}
	m.txs.remove(key)
	return it.val, nil
}

// SetOwner files conversationID under owner for ttl.
func (m *Memory) SetOwner(ctx context.Context, conversationID, owner string, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if ttl <= 0 {
		return fmt.Errorf("set owner: ttl %v is not positive", ttl)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.sweepLocked(sweepBatch)
	m.owners.set(conversationID, owner, now.Add(ttl))
	return nil
}

// Owner returns the owner conversationID is filed under.
func (m *Memory) Owner(ctx context.Context, conversationID string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	it, ok := m.owners.get(conversationID, m.now())
	if !ok {
		return "", ErrNotFound
	}
	return it.val, nil
}

// Ping answers unless ctx has ended: memory is always there.
func (m *Memory) Ping(ctx context.Context) error { return ctx.Err() }

// sweepLocked removes up to limit ended entries of each kind (limit < 0:
// all) and returns the time it swept at. m.mu must be held for writing.
func (m *Memory) sweepLocked(limit int) time.Time {
	now := m.now()
	m.sessions.sweep(now, limit, func(it *expiringItem[storedSession]) {
		m.unfileLocked(it.val.owner, it.key)
	})
	m.seen.sweep(now, limit, nil)
	m.txs.sweep(now, limit, nil)
	m.owners.sweep(now, limit, nil)
	m.locks.sweep(now, limit, nil)
	return now
}

// dropSessionLocked removes the session under id, live or ended.
func (m *Memory) dropSessionLocked(id string) {
	if it, ok := m.sessions.remove(id); ok {
		m.unfileLocked(it.val.owner, id)
	}
}

func (m *Memory) unfileLocked(owner, id string) {
	ids := slices.DeleteFunc(m.byOwner[owner], func(x string) bool { return x == id })
	if len(ids) == 0 {
		delete(m.byOwner, owner)
		return
	}
	m.byOwner[owner] = ids
}

// cloneSession copies s so that neither side's later changes reach the
// other (strings are immutable; the slices are not).
func cloneSession(s *Session) Session {
	c := *s
	c.SignIn = slices.Clone(s.SignIn)
	c.User.Groups = slices.Clone(s.User.Groups)
	return c
}
