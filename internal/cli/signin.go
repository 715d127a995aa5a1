package cli

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// signIn is the profile's sign-in kept in s, wired to what this process
// has: its HTTP client, clock and logger, the OIDC client secret and the
// Identity Center application's source profile.
func (a *app) signIn(p config.Profile, s *tokencache.Store) *signin.Session {
	return signin.New(p, s, signin.Options{HTTP: a.http, Now: a.now, Logger: a.log,
		ClientSecret: func() (logging.Secret, error) { return a.clientSecret(p, s) },
		AppConfig:    func(ctx context.Context) (aws.Config, error) { return a.sourceConfig(ctx, p) },
		IDCKeysURL:   a.getenv(IDCJWKSEnv)})
}

// clientSecret is the OIDC client's secret: the token cache's, else the
// environment's.
func (a *app) clientSecret(p config.Profile, s *tokencache.Store) (logging.Secret, error) {
	sec, err := s.ClientSecret(p.Name)
	if err != nil && !errors.Is(err, tokencache.ErrNotFound) {
		return "", err
	}
	if sec.IsZero() {
		sec = config.FromEnv(a.cfgEnv()).ClientSecret
	}
	return sec, nil
}
