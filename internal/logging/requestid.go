package logging

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
)

// RequestIDKey is the attribute key under which the request id is logged.
const RequestIDKey = "request_id"

type requestIDKey struct{}

// NewRequestID reads 16 bytes from random (crypto/rand.Reader in
// production) and returns them hex-encoded.
func NewRequestID(random io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return "", fmt.Errorf("new request id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// WithRequestID returns a context carrying id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	if ctx == nil {
		return ""
	}
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
