package samlauth

import (
	"sync"
	"time"
)

// ReplayCache remembers consumed IDs (SAML-26). Seen records id until the
// given time and reports whether it was already recorded and unexpired; the
// check and the record must be one atomic step. A gateway with several
// replicas needs a shared implementation.
type ReplayCache interface {
	Seen(id string, until time.Time) bool
}

// maxReplayEntries bounds the in-memory cache; when it is full of unexpired
// entries every new ID is reported as seen (fail closed).
const maxReplayEntries = 100_000

// MemoryReplayCache is an in-process ReplayCache.
type MemoryReplayCache struct {
	now  func() time.Time
	mu   sync.Mutex
	seen map[string]time.Time
}

// NewMemoryReplayCache returns an empty cache using the wall clock.
func NewMemoryReplayCache() *MemoryReplayCache { return NewMemoryReplayCacheAt(time.Now) }

// NewMemoryReplayCacheAt returns an empty cache using now to expire entries.
func NewMemoryReplayCacheAt(now func() time.Time) *MemoryReplayCache {
	return &MemoryReplayCache{now: now, seen: map[string]time.Time{}}
}

// Seen implements ReplayCache.
func (c *MemoryReplayCache) Seen(id string, until time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if exp, ok := c.seen[id]; ok && now.Before(exp) {
		return true
	}
	if len(c.seen) >= maxReplayEntries && !c.prune(now) {
		return true
	}
	c.seen[id] = until
	return false
}

// prune drops expired entries and reports whether there is room again.
func (c *MemoryReplayCache) prune(now time.Time) bool {
	for id, exp := range c.seen {
		if !now.Before(exp) {
			delete(c.seen, id)
		}
	}
	return len(c.seen) < maxReplayEntries
}
