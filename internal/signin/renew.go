package signin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

const (
	// RefreshMargin: cached AWS credentials closer than this to expiry
	// are renewed (the same lead time as the cached provider's).
	RefreshMargin = 5 * time.Minute
	// minUsable: credentials another process just renewed are taken as
	// long as they last at least this long.
	minUsable = time.Minute
)

// Fresh returns the profile's sign-in with usable AWS credentials. A
// warm store answers without any network call. Otherwise it renews
// silently under the profile's lock, so N concurrent callers make one
// renewal: the others wait, then read what it stored. It never signs in
// interactively.
func (s *Session) Fresh(ctx context.Context) (tokencache.Entry, error) {
	return s.freshOrRenew(ctx, func(e tokencache.Entry) tokencache.Credentials { return e.AWS }, s.renewLocked)
}

// freshOrRenew returns the cached sign-in when the credentials pick
// chooses from it are valid. Otherwise it takes the profile's lock and
// reads again: credentials another caller renewed meanwhile are taken
// (down to minUsable), else renew makes new ones under the lock.
func (s *Session) freshOrRenew(ctx context.Context, pick func(tokencache.Entry) tokencache.Credentials,
	renew func(context.Context, tokencache.Entry) (tokencache.Entry, error)) (tokencache.Entry, error) {
	e, err := s.Cached()
	if err != nil || pick(e).Valid(s.o.Now(), RefreshMargin) {
		return e, err
	}
	seen := pick(e).Expiration
	unlock, err := s.store.Lock(ctx, s.p.Name)
	if err != nil {
		return e, err
	}
	defer unlock()
	if e, err = s.Cached(); err != nil {
		return e, err
	}
	if c := pick(e); c.Valid(s.o.Now(), RefreshMargin) || (c.Expiration.After(seen) && c.Valid(s.o.Now(), minUsable)) {
		return e, nil
	}
	return renew(ctx, e)
}

// renewLocked renews the AWS credentials of e and stores the result; the
// caller holds the profile lock. The identity provider is asked first, so
// a session it has revoked ends here, before any AWS call.
func (s *Session) renewLocked(ctx context.Context, e tokencache.Entry) (tokencache.Entry, error) {
	e, err := s.signInAgain(ctx, e, "renewing aws credentials", "expired", e.AWS.Expiration)
	if err != nil {
		return e, err
	}
	renewed, err := s.Exchange(ctx, e, "")
	if err != nil {
		return e, s.keepRotated(renewed, err)
	}
	return renewed, s.put(renewed)
}

// signInAgain is the first step of a renewal under the profile lock: a
// sign-in cached for another mode than the profile's needs a new login;
// else it is renewed at the identity provider (logged as msg with args),
// and removed when the IdP has ended it.
func (s *Session) signInAgain(ctx context.Context, e tokencache.Entry, msg string, args ...any) (tokencache.Entry, error) {
	if e.Mode != "" && e.Mode != s.p.Mode {
		return e, fmt.Errorf("the cached sign-in is for mode %s, the profile now says %s: %w", e.Mode, s.p.Mode, identity.ErrReauthRequired)
	}
	s.o.Logger.Debug(msg, append([]any{"profile", s.p.Name, "mode", s.p.Mode}, args...)...)
	e, err := s.renewSignIn(ctx, e)
	if err != nil {
		return e, s.endIfOver(err)
	}
	return e, nil
}

// renewSignIn goes back to the identity provider: every renewal redeems
// the refresh token, never a cached ID token, so the IdP decides whether
// the session still lives and who it belongs to (same issuer and subject,
// else the profile is logged out). Identity Center then renews with its
// own refresh token (see identityCenterExchange). SAML has no silent
// renewal.
func (s *Session) renewSignIn(ctx context.Context, e tokencache.Entry) (tokencache.Entry, error) {
	if s.p.Mode == identity.ModeSAML {
		return e, fmt.Errorf("the SAML sign-in's AWS credentials have expired and SAML has no silent renewal: %w", identity.ErrReauthRequired)
	}
	return s.refreshIDToken(ctx, e)
}

// signInOver reports the failures after which the cached sign-in is
// worthless: the IdP refused the refresh token (revoked, expired or
// reused), or Identity Center now maps it to another user.
func signInOver(err error) bool {
	return errors.Is(err, oidcauth.ErrInvalidGrant) || errors.Is(err, awscreds.ErrUserMismatch)
}

// endIfOver logs the profile out (tokens and AWS credentials) when err
// ends the sign-in, and returns err.
func (s *Session) endIfOver(err error) error {
	if !signInOver(err) {
		return err
	}
	s.o.Logger.Debug("the sign-in has ended; removing it", "profile", s.p.Name)
	return errors.Join(err, s.store.Delete(s.p.Name))
}

// keepRotated stores e after a failed exchange: the refresh tokens it
// holds replaced spent ones, and presenting a spent one again would look
// like token theft to the IdP. A sign-in that is over is removed instead.
func (s *Session) keepRotated(e tokencache.Entry, err error) error {
	if signInOver(err) {
		return s.endIfOver(err)
	}
	return errors.Join(err, s.put(e))
}
