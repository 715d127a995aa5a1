package oidcidp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/go-jose/go-jose/v4"
)

// signingKey is one RSA key with its key id (the JWK SHA-256 thumbprint).
type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
}

// generateRSAKey makes a 2048-bit key; tests swap in a pre-generated pool.
var generateRSAKey = func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }

func newSigningKey() (*signingKey, error) {
	priv, err := generateRSAKey()
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	tp, err := (&jose.JSONWebKey{Key: &priv.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("thumbprint signing key: %w", err)
	}
	return &signingKey{kid: base64.RawURLEncoding.EncodeToString(tp), priv: priv}, nil
}

func (k *signingKey) publicJWK() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.priv.PublicKey, KeyID: k.kid, Algorithm: string(jose.RS256), Use: "sig"}
}

// keyRing holds the current signing key and the one before it, which stays
// published so tokens it signed still verify.
type keyRing struct {
	mu       sync.RWMutex
	current  *signingKey
	previous *signingKey
}

func newKeyRing() (*keyRing, error) {
	k, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	return &keyRing{current: k}, nil
}

func (r *keyRing) rotate() error {
	k, err := newSigningKey()
	if err != nil {
		return fmt.Errorf("rotate keys: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.previous, r.current = r.current, k
	return nil
}

func (r *keyRing) signer() *signingKey {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.current
}

// published returns the keys in the JWKS, newest first.
func (r *keyRing) published() []*signingKey {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.previous == nil {
		return []*signingKey{r.current}
	}
	return []*signingKey{r.current, r.previous}
}

func (r *keyRing) byKid(kid string) *signingKey {
	for _, k := range r.published() {
		if k.kid == kid {
			return k
		}
	}
	return nil
}

// unsupportedKeys are JWKS entries no RS256 verifier can use: a post-quantum
// AKP (ML-DSA) key and a key type that does not exist.
var unsupportedKeys = []json.RawMessage{
	json.RawMessage(`{"kty":"AKP","alg":"ML-DSA-44","kid":"pq-1","use":"sig","pub":"dW5zdXBwb3J0ZWQta2V5LXR5cGU"}`),
	json.RawMessage(`{"kty":"XYZ","kid":"invented-1","use":"sig","x":"AQAB"}`),
}

// jwksJSON renders the published keys, plus unsupported ones when asked.
func (r *keyRing) jwksJSON(withUnsupported bool) ([]byte, error) {
	keys := []json.RawMessage{}
	for _, k := range r.published() {
		b, err := json.Marshal(k.publicJWK())
		if err != nil {
			return nil, fmt.Errorf("encode jwks: %w", err)
		}
		keys = append(keys, b)
	}
	if withUnsupported {
		keys = append(keys, unsupportedKeys...)
	}
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		return nil, fmt.Errorf("encode jwks: %w", err)
	}
	return b, nil
}
