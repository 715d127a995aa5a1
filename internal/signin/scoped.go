package signin

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// Scoped returns the profile's sign-in with AWS credentials narrowed by
// sc in place of its own (see awscreds.Scope). They are cached in the
// sign-in apart from the unscoped ones, under sc's key, and renewed like
// Fresh renews: through the identity provider, under the profile's lock,
// one renewal for N concurrent callers. SAML cannot make them after the
// sign-in (it has no silent renewal).
func (s *Session) Scoped(ctx context.Context, sc awscreds.Scope) (tokencache.Entry, error) {
	if sc.IsZero() {
		return s.Fresh(ctx)
	}
	key := sc.Key()
	e, err := s.freshOrRenew(ctx, func(e tokencache.Entry) tokencache.Credentials { return e.Scoped[key] },
		func(ctx context.Context, e tokencache.Entry) (tokencache.Entry, error) {
			return s.renewScopedLocked(ctx, e, sc)
		})
	if err != nil {
		return e, err
	}
	return withScoped(e, key), nil
}

// withScoped is e with its credentials of scope key as its AWS credentials.
func withScoped(e tokencache.Entry, key string) tokencache.Entry {
	e.AWS = e.Scoped[key]
	return e
}

// renewScopedLocked makes new scoped credentials for e and stores them
// beside the unscoped ones; the caller holds the profile lock. As in
// renewLocked the identity provider is asked first.
func (s *Session) renewScopedLocked(ctx context.Context, e tokencache.Entry, sc awscreds.Scope) (tokencache.Entry, error) {
	if s.p.Mode == identity.ModeSAML {
		return e, fmt.Errorf("a session policy needs a sign-in that renews silently; SAML has none (use mode oidc or idc)")
	}
	e, err := s.signInAgain(ctx, e, "renewing scoped aws credentials", "tool", sc.Tool)
	if err != nil {
		return e, err
	}
	scoped, err := s.exchange(ctx, e, "", sc)
	stored := scoped
	stored.AWS = e.AWS
	if err != nil {
		return e, s.keepRotated(stored, err)
	}
	stored.Scoped = liveScoped(e.Scoped, s.o.Now())
	stored.Scoped[sc.Key()] = scoped.AWS
	return withScoped(stored, sc.Key()), s.put(stored)
}

// liveScoped is a copy of m without the credentials that have expired.
func liveScoped(m map[string]tokencache.Credentials, now time.Time) map[string]tokencache.Credentials {
	out := maps.Clone(m)
	if out == nil {
		out = map[string]tokencache.Credentials{}
	}
	for k, c := range out {
		if !c.Expiration.After(now) {
			delete(out, k)
		}
	}
	return out
}
