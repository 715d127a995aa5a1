package awsauth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// Sealer encrypts and authenticates small JSON documents with AES-256-GCM.
// The purpose string is bound as additional data, so a value sealed for one
// purpose (a session token) never opens as another (a context assertion).
type Sealer struct {
	aead cipher.AEAD
}

// ErrUnsealable reports a value that was not sealed by this sandbox or was altered.
var ErrUnsealable = errors.New("value was not issued by this sandbox or was altered")

// NewSealer returns a Sealer for a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("new sealer: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("new sealer: %w", err)
	}
	return &Sealer{aead: aead}, nil
}

// Seal returns v as an opaque URL-safe string bound to purpose.
func (s *Sealer) Seal(purpose string, v any) (string, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("seal %s: %w", purpose, err)
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal %s: %w", purpose, err)
	}
	out := s.aead.Seal(nonce, nonce, plain, []byte(purpose))
	return base64.RawURLEncoding.EncodeToString(out), nil
}

// Open reverses Seal; it fails with ErrUnsealable on any tampering.
func (s *Sealer) Open(purpose, sealed string, v any) error {
	// Strict: the unused low bits of the last character must be zero, so no
	// second spelling of a sealed value opens.
	raw, err := base64.RawURLEncoding.Strict().DecodeString(sealed)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return ErrUnsealable
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
	if err != nil {
		return ErrUnsealable
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return ErrUnsealable
	}
	return nil
}
