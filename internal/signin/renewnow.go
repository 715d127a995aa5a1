package signin

import (
	"context"

	"github.com/qbiz/qbiz/internal/tokencache"
)

// RenewSignIn goes back to the identity provider now, whatever the expiry
// of the cached AWS credentials, as every renewal does (OIDC's refresh
// grant; SAML has no silent renewal), and keeps the renewed sign-in with
// its AWS credentials unchanged. A sign-in the IdP has ended is removed,
// as a renewal removes it. It never signs in interactively.
func (s *Session) RenewSignIn(ctx context.Context) (tokencache.Entry, error) {
	unlock, err := s.store.Lock(ctx, s.p.Name)
	if err != nil {
		return tokencache.Entry{}, err
	}
	defer unlock()
	e, err := s.Cached()
	if err != nil {
		return e, err
	}
	renewed, err := s.renewSignIn(ctx, e)
	if err != nil {
		return renewed, s.endIfOver(err)
	}
	return renewed, s.put(renewed)
}

// ExchangeNow exchanges the sign-in e for new AWS credentials now and
// keeps the result; a failed exchange keeps what it rotated, as a renewal
// does.
func (s *Session) ExchangeNow(ctx context.Context, e tokencache.Entry) (tokencache.Entry, error) {
	unlock, err := s.store.Lock(ctx, s.p.Name)
	if err != nil {
		return e, err
	}
	defer unlock()
	renewed, err := s.Exchange(ctx, e, "")
	if err != nil {
		return renewed, s.keepRotated(renewed, err)
	}
	return renewed, s.put(renewed)
}
