package cli

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// signIn is the profile's sign-in kept in s, wired to what this process
// has: its HTTP client, clock and logger, the OIDC client secret of the
// environment (the cache's comes first) and the Identity Center
// application's source profile.
func (a *app) signIn(p config.Profile, s *tokencache.Store) *signin.Session {
	return signin.New(p, s, signin.Options{HTTP: a.http, Now: a.now, Logger: a.log,
		ClientSecret: config.FromEnv(a.cfgEnv()).ClientSecret,
		AppConfig:    func(ctx context.Context) (aws.Config, error) { return a.sourceConfig(ctx, p) },
		IDCKeysURL:   a.getenv(IDCJWKSEnv)})
}
