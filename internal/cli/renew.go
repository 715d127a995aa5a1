package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

const (
	// refreshMargin: cached AWS credentials closer than this to expiry
	// are renewed (the same lead time as awscreds.Cache).
	refreshMargin = 5 * time.Minute
	// minUsable: credentials another process just renewed are taken as
	// long as they last at least this long.
	minUsable = time.Minute
)

// freshEntry returns the profile's cache entry with usable AWS
// credentials. A warm cache answers without any network call. Otherwise
// it renews silently under the profile's cross-process lock, so N
// concurrent callers make one renewal: the others wait, then read what it
// stored. It never signs in interactively.
func (a *app) freshEntry(ctx context.Context, p config.Profile, s *tokencache.Store) (tokencache.Entry, error) {
	e, err := a.requireEntry(s, p.Name)
	if err != nil || e.AWS.Valid(a.now(), refreshMargin) {
		return e, err
	}
	seen := e.AWS.Expiration
	unlock, err := s.Lock(ctx, p.Name)
	if err != nil {
		return e, err
	}
	defer unlock()
	if e, err = a.requireEntry(s, p.Name); err != nil {
		return e, err
	}
	if e.AWS.Valid(a.now(), refreshMargin) || (e.AWS.Expiration.After(seen) && e.AWS.Valid(a.now(), minUsable)) {
		return e, nil
	}
	return a.renewLocked(ctx, p, s, e)
}

func (a *app) requireEntry(s *tokencache.Store, profile string) (tokencache.Entry, error) {
	e, ok, err := cachedEntry(s, profile)
	if err == nil && !ok {
		err = fmt.Errorf("profile %s: %w", profile, identity.ErrNotLoggedIn)
	}
	return e, err
}

// renewLocked renews the AWS credentials of e and stores the result; the
// caller holds the profile lock. The identity provider is asked first, so
// a session it has revoked ends here, before any AWS call.
func (a *app) renewLocked(ctx context.Context, p config.Profile, s *tokencache.Store, e tokencache.Entry) (tokencache.Entry, error) {
	if e.Mode != "" && e.Mode != p.Mode {
		return e, fmt.Errorf("the cached sign-in is for mode %s, the profile now says %s: %w", e.Mode, p.Mode, identity.ErrReauthRequired)
	}
	a.log.Debug("renewing aws credentials", "profile", p.Name, "mode", p.Mode, "expired", e.AWS.Expiration)
	e, err := a.renewSignIn(ctx, p, s, e)
	if err != nil {
		return e, a.endIfOver(s, p.Name, err)
	}
	renewed, err := a.exchange(ctx, p, e, "")
	if err != nil {
		return e, a.keepRotated(s, p.Name, renewed, err)
	}
	return renewed, s.Put(p.Name, renewed)
}

// renewSignIn goes back to the identity provider: every renewal redeems
// the refresh token, never a cached ID token, so the IdP decides whether
// the session still lives and who it belongs to (same issuer and subject,
// else the profile is logged out). Identity Center then renews with its
// own refresh token (see identityCenterExchange). SAML has no silent
// renewal.
func (a *app) renewSignIn(ctx context.Context, p config.Profile, s *tokencache.Store, e tokencache.Entry) (tokencache.Entry, error) {
	if p.Mode == identity.ModeSAML {
		return e, fmt.Errorf("the SAML sign-in's AWS credentials have expired and SAML has no silent renewal: %w", identity.ErrReauthRequired)
	}
	return a.refreshIDToken(ctx, p, s, e)
}

// signInOver reports the failures after which the cached sign-in is
// worthless: the IdP refused the refresh token (revoked, expired or
// reused), or Identity Center now maps it to another user.
func signInOver(err error) bool {
	return errors.Is(err, oidcauth.ErrInvalidGrant) || errors.Is(err, awscreds.ErrUserMismatch)
}

// endIfOver logs the profile out (tokens and AWS credentials) when err
// ends the sign-in, and returns err.
func (a *app) endIfOver(s *tokencache.Store, profile string, err error) error {
	if !signInOver(err) {
		return err
	}
	a.log.Debug("the sign-in has ended; removing it", "profile", profile)
	return errors.Join(err, s.Delete(profile))
}

// keepRotated stores e after a failed exchange: the refresh tokens it
// holds replaced spent ones, and presenting a spent one again would look
// like token theft to the IdP. A sign-in that is over is removed instead.
func (a *app) keepRotated(s *tokencache.Store, profile string, e tokencache.Entry, err error) error {
	if signInOver(err) {
		return a.endIfOver(s, profile, err)
	}
	return errors.Join(err, s.Put(profile, e))
}
