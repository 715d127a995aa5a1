package credserver

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// tokenBytes is the authorization token's entropy: 256 bits.
const tokenBytes = 32

func newToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("credential server: make a token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// tokenMatches compares in constant time.
func tokenMatches(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
