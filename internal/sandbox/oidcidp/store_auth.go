package oidcidp

import "time"

func (s *store) putPending(req authRequest, expires, now time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !roomFor(s.pending, func(x *pendingAuth) bool { return now.After(x.expires) }) {
		return "", false
	}
	id := randomToken(24)
	pa := req.pending()
	pa.expires = expires
	s.pending[id] = &pa
	return id, true
}

// pending is the part of an authorization request a code remembers.
func (req authRequest) pending() pendingAuth {
	return pendingAuth{clientID: req.client.ID, redirectURI: req.redirectURI, state: req.state,
		nonce: req.nonce, challenge: req.challenge, scope: req.scope}
}

// getPending returns a copy of a live pending request.
func (s *store) getPending(id string, now time.Time) (pendingAuth, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pa := s.pending[id]
	if pa == nil || now.After(pa.expires) {
		return pendingAuth{}, false
	}
	return *pa, true
}

func (s *store) deletePending(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pending, id)
}

func (s *store) recordFailure(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	pa := s.pending[id]
	if pa == nil {
		return maxLoginFailures
	}
	pa.failures++
	return pa.failures
}

// putCode issues a code for subject, who signed in at authTime.
func (s *store) putCode(pa pendingAuth, subject string, authTime, now, expires time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !roomFor(s.codes, func(x *authCode) bool { return now.After(x.expires.Add(pendingTTL)) }) {
		return "", false
	}
	code := randomToken(32)
	s.codes[code] = &authCode{clientID: pa.clientID, redirectURI: pa.redirectURI, challenge: pa.challenge,
		nonce: pa.nonce, scope: pa.scope, subject: subject, authTime: authTime, expires: expires}
	return code, true
}
