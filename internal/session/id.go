package session

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
)

// IDBytes is the entropy of a session id: 256 bits.
const IDBytes = 32

// NewID returns a fresh opaque id from random (crypto/rand.Reader in
// production), URL-safe base64 without padding.
func NewID(random io.Reader) (string, error) {
	if random == nil {
		random = rand.Reader
	}
	b := make([]byte, IDBytes)
	if _, err := io.ReadFull(random, b); err != nil {
		return "", fmt.Errorf("new session id: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
