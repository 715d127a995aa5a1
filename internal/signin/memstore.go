package signin

import (
	"context"
	"fmt"
	"sync"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// MemoryStore is a Store held in this process only (the demo, tests).
// Its lock serialises the goroutines of this process.
type MemoryStore struct {
	mu      sync.Mutex
	entries map[string]tokencache.Entry
	locks   map[string]chan struct{}
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{entries: map[string]tokencache.Entry{}, locks: map[string]chan struct{}{}}
}

// Get returns the profile's sign-in, or an error matching
// identity.ErrNotLoggedIn.
func (m *MemoryStore) Get(profile string) (tokencache.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[profile]
	if !ok {
		return tokencache.Entry{}, fmt.Errorf("no sign-in held: %w", identity.ErrNotLoggedIn)
	}
	return e, nil
}

// Put keeps e as the profile's sign-in.
func (m *MemoryStore) Put(profile string, e tokencache.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries[profile] = e
	return nil
}

// Delete forgets the profile's sign-in.
func (m *MemoryStore) Delete(profile string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, profile)
	return nil
}

// Lock waits for the profile's lock or ctx.
func (m *MemoryStore) Lock(ctx context.Context, profile string) (func(), error) {
	l := m.lockOf(profile)
	select {
	case l <- struct{}{}:
		return func() { <-l }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for the lock of profile %s: %w", profile, ctx.Err())
	}
}

func (m *MemoryStore) lockOf(profile string) chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.locks[profile]
	if !ok {
		l = make(chan struct{}, 1)
		m.locks[profile] = l
	}
	return l
}
