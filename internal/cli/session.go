package cli

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
)

// userSession is a signed-in user of one profile: the profile, the user's
// credentials provider (cached, refreshing silently when it can) and who
// they are. Commands that call AWS as the user get one from app.userSession.
type userSession struct {
	Profile     config.Profile
	Credentials aws.CredentialsProvider
	Identity    identity.Identity
	// AWS is the base SDK config for the profile (region, endpoint, HTTP
	// client) WITHOUT credentials: callers pass Credentials per call.
	AWS aws.Config
}

// sessionOpener opens the signed-in user's session for the app's profile.
type sessionOpener func(a *app, ctx context.Context) (*userSession, error)

// userSession opens the user's session through the opener Env carries,
// by default the cached sign-in, with the app's logger and HTTP client.
// It never starts an interactive login: when a human is needed it fails
// with an error wrapping identity.ErrReauthRequired that names
// `qbiz login --profile P`.
func (a *app) userSession(ctx context.Context) (*userSession, error) {
	open := a.env.openSession
	if open == nil {
		open = (*app).openSession
	}
	sess, err := open(a, ctx)
	if err != nil {
		return nil, explain(a.profile, err)
	}
	return sess, nil
}

// openSession loads the profile and the user's cached sign-in.
func (a *app) openSession(ctx context.Context) (*userSession, error) {
	p, err := a.loadProfile()
	if err != nil {
		return nil, err
	}
	s, err := a.openStore(p)
	if err != nil {
		return nil, err
	}
	sess := a.signIn(p, s)
	e, err := sess.Fresh(ctx)
	if err != nil {
		return nil, err
	}
	a.warnSignInDue(p, e)
	prov := sess.Credentials(e.Identity)
	return &userSession{Profile: p, Credentials: prov, Identity: e.Identity, AWS: profileAWSConfig(p, a.qbusinessHTTP(p.EndpointURL))}, nil
}

// profileAWSConfig is the SDK config of calls made as profile p's user:
// its region and endpoint, over client, without credentials.
func profileAWSConfig(p config.Profile, client aws.HTTPClient) aws.Config {
	cfg := aws.Config{Region: p.Region, HTTPClient: client}
	if p.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(p.EndpointURL)
	}
	return cfg
}
