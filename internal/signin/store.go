package signin

import (
	"context"
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// Store keeps each profile's sign-in. Get of a profile with nothing
// stored returns an error matching identity.ErrNotLoggedIn. Lock takes the
// profile's lock, shared by every process that renews it, and returns the
// function that releases it.
type Store interface {
	Get(profile string) (tokencache.Entry, error)
	Put(profile string, e tokencache.Entry) error
	Delete(profile string) error
	Lock(ctx context.Context, profile string) (unlock func(), err error)
}

// ClientSecrets is a Store that also keeps each profile's OIDC client
// secret (the token cache does); nothing kept is an error matching
// identity.ErrNotLoggedIn, or an empty secret.
type ClientSecrets interface {
	ClientSecret(profile string) (logging.Secret, error)
}

// clientSecret is the store's secret for the profile, else Options'.
func (s *Session) clientSecret() (logging.Secret, error) {
	if cs, ok := s.store.(ClientSecrets); ok {
		sec, err := cs.ClientSecret(s.p.Name)
		if err != nil && !errors.Is(err, identity.ErrNotLoggedIn) {
			return "", err
		}
		if !sec.IsZero() {
			return sec, nil
		}
	}
	return s.o.ClientSecret, nil
}

// Cached returns the profile's stored sign-in as it is, without renewing
// it; nothing stored is identity.ErrNotLoggedIn naming the profile, and a
// sign-in made with other profile settings is identity.ErrReauthRequired.
func (s *Session) Cached() (tokencache.Entry, error) {
	e, err := s.store.Get(s.p.Name)
	if errors.Is(err, identity.ErrNotLoggedIn) {
		return e, fmt.Errorf("profile %s: %w", s.p.Name, identity.ErrNotLoggedIn)
	}
	if err == nil {
		err = s.checkSettings(e)
	}
	return e, err
}
