package gateway

import (
	"bytes"
	"maps"
	"sync"

	"github.com/qbiz/qbiz/internal/tokencache"
)

// maxOpened bounds how many sessions' opened sign-ins are kept.
const maxOpened = 4096

// openedSignIns keeps the opened sign-in of recent sessions, so that a
// request need not decrypt and decode again the bytes the previous one
// opened. An entry serves only the session id it was opened for, and only
// while that session still holds the very sealed bytes it came from: a
// renewal (here or at another replica) or a new sign-in seals new bytes
// and misses; a session ended here is forgotten. At most maxOpened
// sessions are kept; past that, an arbitrary one is dropped.
type openedSignIns struct {
	mu sync.Mutex
	m  map[string]openedSignIn // session id → its last opened sign-in
}

type openedSignIn struct {
	sealed []byte // a copy of the bytes e was opened from
	e      tokencache.Entry
}

func newOpenedSignIns() *openedSignIns {
	return &openedSignIns{m: make(map[string]openedSignIn)}
}

// get is the sign-in opened from exactly sealed for session id.
func (o *openedSignIns) get(id string, sealed []byte) (tokencache.Entry, bool) {
	o.mu.Lock()
	got, ok := o.m[id]
	o.mu.Unlock()
	if !ok || !bytes.Equal(got.sealed, sealed) {
		return tokencache.Entry{}, false
	}
	e := got.e
	e.Settings, e.Scoped = maps.Clone(e.Settings), maps.Clone(e.Scoped) // the caller's own maps
	return e, true
}

// put keeps e, opened from sealed, for session id.
func (o *openedSignIns) put(id string, sealed []byte, e tokencache.Entry) {
	e.Settings, e.Scoped = maps.Clone(e.Settings), maps.Clone(e.Scoped)
	entry := openedSignIn{sealed: bytes.Clone(sealed), e: e}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.m[id]; !ok && len(o.m) >= maxOpened {
		for other := range o.m {
			delete(o.m, other)
			break
		}
	}
	o.m[id] = entry
}

// forget drops session id's sign-in.
func (o *openedSignIns) forget(id string) {
	o.mu.Lock()
	delete(o.m, id)
	o.mu.Unlock()
}
