package oidcauth

import (
	"sync"
	"time"
)

// maxReplayEntries bounds the replay cache; beyond it, new transactions are
// refused rather than old ones forgotten early.
const maxReplayEntries = 100_000

// replayCache remembers consumed transactions until they would have expired
// anyway, so a transaction is single-use even when the caller keeps a copy.
type replayCache struct {
	mu   sync.Mutex
	ttl  time.Duration
	now  func() time.Time
	seen map[string]time.Time
}

func newReplayCache(ttl time.Duration, now func() time.Time) *replayCache {
	return &replayCache{ttl: ttl, now: now, seen: map[string]time.Time{}}
}

// consume marks key used and reports whether it was unused before.
func (c *replayCache) consume(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.prune(now)
	if _, ok := c.seen[key]; ok || len(c.seen) >= maxReplayEntries {
		return false
	}
	c.seen[key] = now.Add(c.ttl * 2)
	return true
}

func (c *replayCache) prune(now time.Time) {
	if len(c.seen) < 1024 {
		return
	}
	for k, exp := range c.seen {
		if now.After(exp) {
			delete(c.seen, k)
		}
	}
}
