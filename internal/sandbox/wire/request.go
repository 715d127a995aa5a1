package wire

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// MaxBody is the largest request body any emulated operation accepts.
const MaxBody = 12 << 20

type requestIDKey struct{}

// NewRequestID returns a random UUIDv4 string.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// WithRequestID stores the request id in ctx.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id stored in ctx, or a fresh one.
func RequestID(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		return id
	}
	return NewRequestID()
}

// SetCommonHeaders writes x-amzn-RequestId and Date, as every AWS response has.
func SetCommonHeaders(w http.ResponseWriter, r *http.Request) { commonHeaders(w, r) }

// commonHeaders is SetCommonHeaders returning the request id it sent, so a
// document repeating the id agrees with the header even when r has none.
func commonHeaders(w http.ResponseWriter, r *http.Request) string {
	id := RequestID(r.Context())
	w.Header().Set("x-amzn-RequestId", id)
	w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
	return id
}

// ErrTooLarge reports a body above the limit.
var ErrTooLarge = errors.New("request body too large")

// ReadBody reads at most limit bytes of the body.
func ReadBody(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, ErrTooLarge
	}
	return b, nil
}

// WithRequestIDReq returns r with a fresh request id when it has none.
func WithRequestIDReq(r *http.Request) *http.Request {
	if _, ok := r.Context().Value(requestIDKey{}).(string); ok {
		return r
	}
	return r.WithContext(WithRequestID(r.Context(), NewRequestID()))
}
