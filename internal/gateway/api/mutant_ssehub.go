//go:build mutant_ssehub

package api

import (
	"bytes"
	"sync"
)

// MUTANT for the isolation soak (never built by default): a hub of event
// streams keyed by a stream counter. The API has no hub (each stream is
// written by its own request); this routes each frame through one, into
// the mailbox of the counter's current value instead of the stream's own
// id. Each stream writes only to its own client whatever its mailbox
// holds, so no writer is shared, only frames are misrouted.
var hub struct {
	mu   sync.Mutex
	next uint64
	ids  map[*response]uint64
	box  map[uint64][][]byte
}

func deliver(rw *response, frame []byte) (int, error) {
	hub.mu.Lock()
	if hub.ids == nil {
		hub.ids, hub.box = map[*response]uint64{}, map[uint64][][]byte{}
	}
	id, ok := hub.ids[rw]
	if !ok {
		hub.next++
		id = hub.next
		hub.ids[rw] = id
	}
	key := hub.next // the counter, not id
	hub.box[key] = append(hub.box[key], bytes.Clone(frame))
	mine := hub.box[id]
	delete(hub.box, id)
	if bytes.HasPrefix(frame, []byte("event: done")) || bytes.HasPrefix(frame, []byte("event: error")) {
		delete(hub.ids, rw)
	}
	hub.mu.Unlock()
	n := 0
	for _, f := range mine {
		m, err := rw.w.Write(f)
		if n += m; err != nil {
			return n, err
		}
	}
	return len(frame), nil
}
