package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

const (
	// refreshMargin: cached AWS credentials closer than this to expiry
	// are renewed (the same lead time as awscreds.Cache).
	refreshMargin = 5 * time.Minute
	// minUsable: credentials another process just renewed are taken as
	// long as they last at least this long.
	minUsable = time.Minute
	// idTokenMargin: a cached ID token closer than this to expiry is
	// refreshed before it is relayed.
	idTokenMargin = time.Minute
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
// caller holds the profile lock.
func (a *app) renewLocked(ctx context.Context, p config.Profile, s *tokencache.Store, e tokencache.Entry) (tokencache.Entry, error) {
	if e.Mode != "" && e.Mode != p.Mode {
		return e, fmt.Errorf("the cached sign-in is for mode %s, the profile now says %s: %w", e.Mode, p.Mode, identity.ErrReauthRequired)
	}
	a.log.Debug("renewing aws credentials", "profile", p.Name, "mode", p.Mode, "expired", e.AWS.Expiration)
	e, err := a.renewIdP(ctx, p, s, e)
	if err != nil {
		return e, err
	}
	if e, err = a.exchange(ctx, p, e, ""); err != nil {
		return e, err
	}
	return e, s.Put(p.Name, e)
}

// renewIdP makes sure e holds an ID token fit to relay: the cached one
// while it lasts (OIDC), else a refreshed one. Identity Center accepts an
// ID token once, so it always gets a refreshed one. SAML has no silent
// renewal.
func (a *app) renewIdP(ctx context.Context, p config.Profile, s *tokencache.Store, e tokencache.Entry) (tokencache.Entry, error) {
	switch p.Mode {
	case identity.ModeSAML:
		return e, fmt.Errorf("the SAML sign-in's AWS credentials have expired: %w", identity.ErrReauthRequired)
	case identity.ModeOIDC:
		if !e.IDToken.IsZero() && a.now().Add(idTokenMargin).Before(e.IDTokenExpiry) {
			return e, nil
		}
	}
	return a.refreshIDToken(ctx, p, s, e)
}
