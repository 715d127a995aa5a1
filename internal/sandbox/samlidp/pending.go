package samlidp

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

const (
	pendingTTL = 10 * time.Minute
	maxPending = 10000
)

// pendingStore keeps validated requests between the SSO call and the login
// form post, keyed by an unguessable 128-bit id. Entries are single use.
type pendingStore struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]pendingEntry
}

type pendingEntry struct {
	req     pendingRequest
	expires time.Time
}

func newPendingStore(now func() time.Time) *pendingStore {
	return &pendingStore{now: now, m: map[string]pendingEntry{}}
}

// put stores req and returns its id; ok is false when the store is full.
func (s *pendingStore) put(req pendingRequest) (string, bool) {
	id := randomHex(16)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.m) >= maxPending {
		s.pruneLocked(now)
		if len(s.m) >= maxPending {
			return "", false
		}
	}
	s.m[id] = pendingEntry{req: req, expires: now.Add(pendingTTL)}
	return id, true
}

// get returns the unexpired request for id without consuming it.
func (s *pendingStore) get(id string) (pendingRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[id]
	if !ok || !s.now().Before(e.expires) {
		delete(s.m, id)
		return pendingRequest{}, false
	}
	return e.req, true
}

// take consumes the request for id.
func (s *pendingStore) take(id string) (pendingRequest, bool) {
	req, ok := s.get(id)
	if ok {
		s.mu.Lock()
		_, still := s.m[id]
		delete(s.m, id)
		s.mu.Unlock()
		ok = still
	}
	return req, ok
}

func (s *pendingStore) pruneLocked(now time.Time) {
	for id, e := range s.m {
		if !now.Before(e.expires) {
			delete(s.m, id)
		}
	}
}

// randomHex returns n random bytes hex-encoded.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
