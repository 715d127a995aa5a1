//go:build mutant_pooledbuf

package api

import "sync"

// MUTANT for the isolation soak (never built by default): frames encoded
// into pooled buffers that are put back without being reset, so a buffer
// carries the frames of whichever stream used it before.
var frames = sync.Pool{New: func() any { return new([]byte) }}

func deliver(rw *response, frame []byte) (int, error) {
	b := frames.Get().(*[]byte)
	*b = append(*b, frame...) // not (*b)[:0]
	n, err := rw.w.Write(*b)
	frames.Put(b)
	return n, err
}
