package oidcauth

import (
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// maxAgeOption is the authorization request's max_age (OIDC Core
// §3.1.2.1), in whole seconds, when AuthMaxAge is set.
func (rp *RelyingParty) maxAgeOption() []oauth2.AuthCodeOption {
	if rp.cfg.AuthMaxAge <= 0 {
		return nil
	}
	return []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("max_age", strconv.FormatInt(int64(rp.cfg.AuthMaxAge/time.Second), 10))}
}

// checkAuthTime (OIDC Core §3.1.3.7 step 11): when max_age was requested,
// the ID token must say when the user authenticated (auth_time, §2), no
// longer ago than max_age and not in the future, each with the skew.
func (rp *RelyingParty) checkAuthTime(authTime *float64, maxAge time.Duration) error {
	if maxAge <= 0 {
		return nil
	}
	if authTime == nil || *authTime <= 0 {
		return invalid(ErrAuthTime, "no auth_time although max_age was requested")
	}
	now, at := rp.now(), time.Unix(int64(*authTime), 0)
	switch {
	case at.After(now.Add(rp.cfg.ClockSkew)):
		return invalid(ErrAuthTime, "auth_time %s is in the future", at.UTC().Format(time.RFC3339))
	case now.Sub(at) > maxAge+rp.cfg.ClockSkew:
		return invalid(ErrAuthTime, "authenticated at %s, longer ago than max_age %s", at.UTC().Format(time.RFC3339), maxAge)
	}
	return nil
}
