package cli

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
)

// userSession is a signed-in user of one profile: the profile, the user's
// credentials provider (cached, refreshing silently when it can) and who
// they are. Commands that call AWS as the user get one from openSession.
type userSession struct {
	Profile     config.Profile
	Credentials aws.CredentialsProvider
	Identity    identity.Identity
	// AWS is the base SDK config for the profile (region, endpoint, HTTP
	// client) WITHOUT credentials: callers pass Credentials per call.
	AWS aws.Config
}

// openSession loads the profile and the user's cached sign-in. It never
// starts an interactive login: when a human is needed it fails with an
// error wrapping identity.ErrReauthRequired that names `qbiz login --profile P`.
func openSession(ctx context.Context, env Env, profile string) (*userSession, error) {
	return nil, errors.New("open session: not wired yet")
}
