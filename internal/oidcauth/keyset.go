package oidcauth

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/sync/singleflight"
)

// allowedAlgs is the signature allow-list: never none, never HS*.
var allowedAlgs = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512,
	jose.ES256, jose.ES384, jose.ES512,
	jose.PS256, jose.PS384, jose.PS512,
}

func allowedAlgNames() []string {
	out := make([]string, len(allowedAlgs))
	for i, a := range allowedAlgs {
		out[i] = string(a)
	}
	return out
}

const minRSABits = 2048

// keySet implements oidc.KeySet over the provider's jwks_uri. Unlike
// go-oidc's RemoteKeySet it ignores unusable keys, caps the response size
// (via the client) and, once the first fetch has loaded the keys, re-fetches
// at most once per interval: a key the provider has just rotated in is
// found at once (OIDC-20), yet a flood of tokens with random kids cannot
// turn into a flood of JWKS requests (OIDC-23).
type keySet struct {
	url      string
	client   *http.Client
	now      func() time.Time
	interval time.Duration

	group       singleflight.Group
	mu          sync.RWMutex
	keys        []jose.JSONWebKey
	loaded      bool      // the first fetch was attempted
	lastRefetch time.Time // the last fetch after the first
}

func newKeySet(url string, client *http.Client, now func() time.Time, interval time.Duration) *keySet {
	return &keySet{url: url, client: client, now: now, interval: interval}
}

// VerifySignature verifies jwt with a cached key, or with a freshly fetched
// key set when no cached key verifies and the rate limit allows a fetch.
func (k *keySet) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	jws, err := jose.ParseSigned(jwt, allowedAlgs)
	if err != nil {
		return nil, fmt.Errorf("parse jwt: %w", err)
	}
	if payload, ok := verifyWith(jws, k.cached()); ok {
		return payload, nil
	}
	keys, err := k.refresh(ctx)
	if err != nil {
		if p, ok := ctx.Value(fetchErrKey{}).(*error); ok {
			*p = err
		}
		return nil, err
	}
	if payload, ok := verifyWith(jws, keys); ok {
		return payload, nil
	}
	return nil, errors.New("no published key verifies the signature")
}

func (k *keySet) cached() []jose.JSONWebKey {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.keys
}

// verifyWith tries every candidate key: the one with the token's kid, or,
// when the token has no kid, every key (OIDC-09: go-oidc's behaviour, kept).
// A weak key is never used, wherever it came from.
func verifyWith(jws *jose.JSONWebSignature, keys []jose.JSONWebKey) ([]byte, bool) {
	if len(jws.Signatures) != 1 {
		return nil, false
	}
	kid := jws.Signatures[0].Header.KeyID
	for i := range keys {
		if (kid != "" && keys[i].KeyID != kid) || !strongEnough(keys[i].Key) {
			continue
		}
		if payload, err := jws.Verify(&keys[i]); err == nil {
			return payload, true
		}
	}
	return nil, false
}

// refresh fetches the JWKS the first time, and afterwards unless a re-fetch
// happened within the interval; concurrent callers share one fetch.
func (k *keySet) refresh(ctx context.Context) ([]jose.JSONWebKey, error) {
	v, err, _ := k.group.Do("jwks", func() (any, error) {
		if !k.mayFetch() {
			return k.cached(), nil
		}
		return k.fetch(ctx)
	})
	if err != nil {
		return nil, err
	}
	return v.([]jose.JSONWebKey), nil
}

func (k *keySet) mayFetch() bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return !k.loaded || k.now().Sub(k.lastRefetch) >= k.interval
}

func (k *keySet) fetch(ctx context.Context) ([]jose.JSONWebKey, error) {
	k.mu.Lock()
	if k.loaded {
		k.lastRefetch = k.now() // failures count against the rate limit too
	}
	k.loaded = true
	k.mu.Unlock()
	keys, err := fetchJWKS(ctx, k.client, k.url)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	k.keys = keys
	k.mu.Unlock()
	return keys, nil
}

// fetchJWKS gets the key set at url and keeps its usable signature keys.
func fetchJWKS(ctx context.Context, client *http.Client, url string) ([]jose.JSONWebKey, error) {
	body, err := getJSON(ctx, client, url)
	if err != nil {
		return nil, fmt.Errorf("fetch jwks: %w", err)
	}
	keys, err := parseJWKS(body)
	if err != nil {
		return nil, fmt.Errorf("fetch jwks: %w", err)
	}
	return keys, nil
}

// parseJWKS keeps the usable signature keys and ignores the rest (RFC 7517
// §5: unknown kty, unsupported alg, encryption keys, private or weak keys).
func parseJWKS(body []byte) ([]jose.JSONWebKey, error) {
	var raw struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, errors.New("jwks is not a JSON key set")
	}
	var keys []jose.JSONWebKey
	for _, r := range raw.Keys {
		var key jose.JSONWebKey
		if err := json.Unmarshal(r, &key); err != nil || !usableKey(key) {
			continue
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New("jwks has no usable signature key")
	}
	return keys, nil
}

func usableKey(key jose.JSONWebKey) bool {
	if !key.Valid() || !key.IsPublic() || key.Use == "enc" {
		return false
	}
	if key.Algorithm != "" && !slices.Contains(allowedAlgNames(), key.Algorithm) {
		return false
	}
	return strongEnough(key.Key)
}

// strongEnough refuses RSA keys under minRSABits (NIST SP 800-131A).
func strongEnough(key any) bool {
	if rsaKey, ok := key.(*rsa.PublicKey); ok {
		return rsaKey.N.BitLen() >= minRSABits
	}
	return true
}

type fetchErrKey struct{}

// withFetchErr lets VerifySignature report a JWKS fetch failure to the
// caller; go-oidc flattens the error to text.
func withFetchErr(ctx context.Context, dst *error) context.Context {
	return context.WithValue(ctx, fetchErrKey{}, dst)
}
