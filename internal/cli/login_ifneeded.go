package cli

import (
	"context"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// loginIfNeeded signs in only when the cached sign-in will not last
// signInEndWarning more: while it will, it returns at once, with no
// network call and nothing printed (for shell start-up files). Otherwise
// it renews silently through the refresh token when the IdP still
// allows it, printing nothing, and falls back to the interactive login
// when that fails or leaves the sign-in ending within the threshold,
// with the profile and token cache already loaded (one passphrase prompt).
func (a *app) loginIfNeeded(ctx context.Context, f loginFlags) error {
	p, err := a.loadProfile()
	if err != nil {
		return err
	}
	s, err := a.openStore(p)
	if err != nil {
		return err
	}
	sess := a.signIn(p, s)
	e, err := sess.Cached()
	if err == nil && lastsPast(p, e, a.now().Add(signInEndWarning)) {
		return nil
	}
	if err == nil && renewable(p, e) && a.renewQuietly(ctx, sess, p) {
		return nil
	}
	return a.loginTo(ctx, f, p, s)
}

// renewQuietly renews the sign-in through its refresh token and reports
// whether it then lasts past the threshold; a failure is logged (-v)
// and left to the interactive login.
func (a *app) renewQuietly(ctx context.Context, sess *signin.Session, p config.Profile) bool {
	e, err := sess.RenewSignIn(ctx)
	if err == nil {
		e, err = sess.ExchangeNow(ctx, e)
	}
	if err != nil {
		a.log.Debug("silent renewal failed; signing in", "profile", p.Name, "err", err)
		return false
	}
	return lastsPast(p, e, a.now().Add(signInEndWarning))
}

// lastsPast reports whether e still yields AWS credentials at t without
// a person: its credentials are valid then and its session (when known)
// has not ended.
func lastsPast(p config.Profile, e tokencache.Entry, t time.Time) bool {
	end := signin.SessionEnd(p, e)
	return e.AWS.Valid(t, 0) && (end.IsZero() || end.After(t))
}

// renewable reports whether e can renew without a person.
func renewable(p config.Profile, e tokencache.Entry) bool {
	return p.Mode != identity.ModeSAML && !e.RefreshToken.IsZero()
}
