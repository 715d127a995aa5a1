package oidcidp

import (
	"net/http"
	"net/url"
	"time"
)

// grantDevice answers a device-code poll (RFC 8628 §3.4-3.5).
func (p *Provider) grantDevice(c Client, form url.Values) (map[string]any, *oauthError) {
	dc, e := requireParam(form, "device_code")
	if e != nil {
		return nil, e
	}
	g, e := p.st.pollDevice(dc, c.ID, p.now(), p.refreshTTL(c))
	if e != nil {
		return nil, e
	}
	return p.issueTokens(c, g, "", false)
}

func pollErr(code, desc string) *oauthError { return newErr(http.StatusBadRequest, code, "%s", desc) }

func (s *store) pollDevice(dc, clientID string, now time.Time, refreshTTL time.Duration) (grant, *oauthError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.devices[dc]
	switch {
	case d == nil || d.clientID != clientID:
		return grant{}, errInvalidGrant("the device code is invalid")
	case d.state == deviceConsumed:
		return grant{}, errInvalidGrant("the device code was already used")
	case now.After(d.expires):
		return grant{}, pollErr("expired_token", "the device code has expired")
	}
	tooFast := !d.lastPoll.IsZero() && now.Sub(d.lastPoll) < d.interval
	d.lastPoll = now
	if tooFast {
		d.interval += 5 * time.Second
		return grant{}, pollErr("slow_down", "polling too fast")
	}
	switch d.state {
	case devicePending:
		return grant{}, pollErr("authorization_pending", "the user has not yet approved the device")
	case deviceDenied:
		return grant{}, pollErr("access_denied", "the user denied the device")
	}
	d.state = deviceConsumed
	g := &grant{clientID: d.clientID, subject: d.subject, scope: d.scope, authTime: d.authTime, expires: d.authTime.Add(refreshTTL)}
	if !s.newGrant(g, now) {
		return grant{}, errServer("too many grants outstanding")
	}
	return *g, nil
}

func (s *store) putDevice(d *deviceAuth, now time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !roomFor(s.devices, func(x *deviceAuth) bool { return now.After(x.expires) }) {
		return "", false
	}
	if len(s.userCodes) >= pruneThreshold {
		for k, dc := range s.userCodes {
			if s.devices[dc] == nil {
				delete(s.userCodes, k)
			}
		}
	}
	dc := randomToken(32)
	for d.userCode == "" || s.userCodes[normalizeUserCode(d.userCode)] != "" {
		d.userCode = newUserCode()
	}
	s.devices[dc] = d
	s.userCodes[normalizeUserCode(d.userCode)] = dc
	return dc, true
}

func (s *store) deviceByUserCode(uc string, now time.Time) *deviceAuth {
	d := s.devices[s.userCodes[uc]]
	if d == nil || d.state != devicePending || now.After(d.expires) {
		return nil
	}
	return d
}

func (s *store) devicePending(uc string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deviceByUserCode(uc, now) != nil
}

func (s *store) deviceFailure(uc string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.devices[s.userCodes[uc]]
	if d == nil {
		return maxLoginFailures
	}
	d.failures++
	return d.failures
}

func (s *store) decideDevice(uc, subject string, now time.Time, approve bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.deviceByUserCode(uc, now)
	if d == nil {
		return
	}
	d.state, d.subject, d.authTime = deviceDenied, subject, now
	if approve {
		d.state = deviceApproved
	}
}
