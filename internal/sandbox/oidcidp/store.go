package oidcidp

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// Limits on server-side state, so a flood of requests cannot exhaust memory.
const (
	pruneThreshold = 1024
	maxEntries     = 100_000
)

// pendingAuth is an authorization request waiting for the user to sign in.
// The login form carries only its id.
type pendingAuth struct {
	clientID, redirectURI, state, nonce, challenge, scope string
	expires                                               time.Time
	failures                                              int
}

// authCode is an issued authorization code.
type authCode struct {
	clientID, redirectURI, challenge, nonce, scope, subject string
	authTime, expires                                       time.Time
	used                                                    bool
	grantID                                                 string // set once redeemed
}

// grant is one sign-in's token family: every access and refresh token
// issued from one code or device authorization, through all rotations.
type grant struct {
	id, clientID, subject, scope string
	authTime, expires            time.Time // expires: absolute refresh lifetime
	revoked                      bool
}

type accessToken struct {
	grantID string
	scope   string
	expires time.Time
}

type refreshToken struct {
	grantID string
	used    bool // rotated away; presenting it again is reuse
}

type store struct {
	mu        sync.Mutex
	pending   map[string]*pendingAuth
	codes     map[string]*authCode
	grants    map[string]*grant
	access    map[string]*accessToken
	refresh   map[string]*refreshToken
	devices   map[string]*deviceAuth // by device code
	userCodes map[string]string      // normalised user code -> device code
}

func newStore() *store {
	return &store{
		pending: map[string]*pendingAuth{}, codes: map[string]*authCode{},
		grants: map[string]*grant{}, access: map[string]*accessToken{},
		refresh: map[string]*refreshToken{}, devices: map[string]*deviceAuth{},
		userCodes: map[string]string{},
	}
}

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// roomFor prunes expired entries of m when it is large and reports whether
// there is room for one more. Callers hold s.mu.
func roomFor[V any](m map[string]V, expired func(V) bool) bool {
	if len(m) < pruneThreshold {
		return true
	}
	for k, v := range m {
		if expired(v) {
			delete(m, k)
		}
	}
	return len(m) < maxEntries
}

// revokeGrant marks a token family revoked. Callers hold s.mu.
func (s *store) revokeGrant(id string) {
	if g := s.grants[id]; g != nil {
		g.revoked = true
	}
}

// newGrant stores a token family. Callers hold s.mu.
func (s *store) newGrant(g *grant, now time.Time) bool {
	if !roomFor(s.grants, func(x *grant) bool { return x.revoked || now.After(x.expires) }) {
		return false
	}
	g.id = randomToken(16)
	s.grants[g.id] = g
	return true
}

// liveGrant returns the grant if it exists, is not revoked and not past its
// absolute lifetime. Callers hold s.mu.
func (s *store) liveGrant(id string, now time.Time) *grant {
	g := s.grants[id]
	if g == nil || g.revoked || now.After(g.expires) {
		return nil
	}
	return g
}

// addTokens stores a fresh access token (and a refresh token when
// withRefresh) for grant g and returns them.
func (s *store) addTokens(g *grant, scope string, now, accessExp time.Time, withRefresh bool) (at, rt string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !roomFor(s.access, func(x *accessToken) bool { return now.After(x.expires) }) ||
		!roomFor(s.refresh, func(x *refreshToken) bool { return s.liveGrant(x.grantID, now) == nil }) {
		return "", "", false
	}
	at = randomToken(32)
	s.access[at] = &accessToken{grantID: g.id, scope: scope, expires: accessExp}
	if withRefresh {
		rt = randomToken(32)
		s.refresh[rt] = &refreshToken{grantID: g.id}
	}
	return at, rt, true
}
