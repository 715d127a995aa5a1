package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// jsonType is the content type of every JSON response.
const jsonType = "application/json; charset=utf-8"

// response writes one request's answer: JSON, no content, or an event
// stream. It belongs to its request alone (nothing is pooled), so a
// cancelled request leaves nothing another can read.
type response struct {
	w         http.ResponseWriter
	streaming bool   // the event stream's headers are sent
	failed    error  // the first failed write of the stream
	buf       []byte // this stream's frame buffer
	rc        *http.ResponseController
}

// json writes v with status.
func (rw *response) json(status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	h := rw.w.Header()
	h.Set("Content-Type", jsonType)
	h.Set("X-Content-Type-Options", "nosniff")
	rw.w.WriteHeader(status)
	_, _ = rw.w.Write(append(b, '\n'))
	return nil
}

// noContent answers 204.
func (rw *response) noContent() { rw.w.WriteHeader(http.StatusNoContent) }

// startStream sends the event stream's headers at once, so the client
// knows the request was accepted before the first chunk arrives.
func (rw *response) startStream() {
	h := rw.w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Accel-Buffering", "no") // no proxy buffering of the stream
	rw.w.WriteHeader(http.StatusOK)
	rw.flush()
	rw.streaming = true
}

// event writes one frame whose data is v as one line of JSON, and flushes
// it. After a failed write (the client went away) it writes nothing more.
func (rw *response) event(name string, v any) {
	if rw.failed != nil {
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		rw.failed = fmt.Errorf("encode %s frame: %w", name, err)
		return
	}
	rw.buf = append(rw.buf[:0], "event: "...)
	rw.buf = append(rw.buf, name...)
	rw.buf = append(rw.buf, "\ndata: "...)
	rw.buf = append(rw.buf, data...)
	rw.buf = append(rw.buf, "\n\n"...)
	if _, err := deliver(rw, rw.buf); err != nil {
		rw.failed = err
		return
	}
	rw.flush()
}

// flush sends what is buffered. A writer that cannot flush (a wrapper
// without Unwrap) still gets every frame, only later.
func (rw *response) flush() {
	if rw.rc == nil {
		rw.rc = http.NewResponseController(rw.w)
	}
	if err := rw.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) && rw.failed == nil {
		rw.failed = err
	}
}
