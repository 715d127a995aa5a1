package sts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// keyCacheTTL is how long an issuer's JWKS is reused before refetching.
const keyCacheTTL = time.Minute

const maxDiscoveryBody = 1 << 20

// keyCache fetches issuers' signing keys through OIDC discovery and keeps
// them briefly, as STS does.
type keyCache struct {
	client *http.Client
	now    func() time.Time

	mu      sync.Mutex
	entries map[string]keyEntry
}

type keyEntry struct {
	set     jose.JSONWebKeySet
	fetched time.Time
}

func newKeyCache(client *http.Client, now func() time.Time) *keyCache {
	return &keyCache{client: client, now: now, entries: map[string]keyEntry{}}
}

// keys returns the issuer's JWKS, refetching when asked or when stale.
func (k *keyCache) keys(ctx context.Context, issuer string, refresh bool) (jose.JSONWebKeySet, error) {
	k.mu.Lock()
	e, ok := k.entries[issuer]
	k.mu.Unlock()
	if ok && !refresh && k.now().Sub(e.fetched) < keyCacheTTL {
		return e.set, nil
	}
	set, err := k.fetch(ctx, issuer)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	k.mu.Lock()
	k.entries[issuer] = keyEntry{set: set, fetched: k.now()}
	k.mu.Unlock()
	return set, nil
}

func (k *keyCache) fetch(ctx context.Context, issuer string) (jose.JSONWebKeySet, error) {
	var disc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := k.getJSON(ctx, strings.TrimSuffix(issuer, "/")+"/.well-known/openid-configuration", &disc); err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("fetch discovery: %w", err)
	}
	if disc.Issuer != issuer || disc.JWKSURI == "" {
		return jose.JSONWebKeySet{}, errors.New("fetch discovery: issuer mismatch or no jwks_uri")
	}
	var set jose.JSONWebKeySet
	if err := k.getJSON(ctx, disc.JWKSURI, &set); err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("fetch jwks: %w", err)
	}
	return set, nil
}

func (k *keyCache) getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := k.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDiscoveryBody+1))
	if err != nil {
		return err
	}
	if len(b) > maxDiscoveryBody {
		return errors.New("response too large")
	}
	return json.Unmarshal(b, v)
}
