package awscreds

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/qbiz/qbiz/internal/identity"
)

// CreateTokenWithIAMAPI is the sso-oidc operation the Identity Center path
// uses. The client must be built with the application's own credentials
// (default chain or a named profile), never a user's.
type CreateTokenWithIAMAPI interface {
	CreateTokenWithIAM(ctx context.Context, in *ssooidc.CreateTokenWithIAMInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenWithIAMOutput, error)
}

// AssumeRoleAPI is the STS operation that turns an identity context into
// credentials; like CreateTokenWithIAM it is signed with the
// application's credentials.
type AssumeRoleAPI interface {
	AssumeRole(ctx context.Context, in *sts.AssumeRoleInput, optFns ...func(*sts.Options)) (*sts.AssumeRoleOutput, error)
}

// IdentityCenterProvider implements trusted identity propagation for one
// user: IdP ID token → CreateTokenWithIAM → verified Identity Center
// idToken → AssumeRole with the identity context.
type IdentityCenterProvider struct {
	idc      CreateTokenWithIAMAPI
	sts      AssumeRoleAPI
	cfg      IdentityCenterConfig
	tokens   TokenSource
	opts     Options
	verifier *oidc.IDTokenVerifier
	user     pin
	cfgErr   error

	mu sync.Mutex
	// sess is the current Identity Center session; idcUser the Identity
	// Center user pinned at the first exchange.
	sess    idcSession
	idcUser string
	// exchanged is the IdP token last sent with the jwt-bearer grant.
	exchanged string
}

// NewIdentityCenterProvider returns the Identity Center path provider for
// one user. A configuration error surfaces on the first Retrieve.
func NewIdentityCenterProvider(idc CreateTokenWithIAMAPI, stsClient AssumeRoleAPI, cfg IdentityCenterConfig, tokens TokenSource, opts ...func(*Options)) *IdentityCenterProvider {
	o := buildOptions(opts)
	return &IdentityCenterProvider{idc: idc, sts: stsClient, cfg: cfg, tokens: tokens, opts: o,
		verifier: newIDCVerifier(cfg, o.Now), cfgErr: cfg.validate()}
}

// Retrieve implements aws.CredentialsProvider. Every call first obtains a
// live ID token, so a user whose IdP session ended gets no credentials
// even while an identity context is cached.
func (p *IdentityCenterProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	if p.cfgErr != nil {
		return aws.Credentials{}, p.cfgErr
	}
	raw, id, err := p.tokens.IDToken(ctx)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("identity center %s: get id token: %w", p.cfg.ApplicationARN, err)
	}
	if err := p.user.check(id); err != nil {
		return aws.Credentials{}, fmt.Errorf("identity center %s: %w", p.cfg.ApplicationARN, err)
	}
	sess, err := p.session(ctx, raw, id)
	if err != nil {
		return aws.Credentials{}, err
	}
	return p.assumeRole(ctx, id, sess)
}

func (p *IdentityCenterProvider) assumeRole(ctx context.Context, id identity.Identity, sess idcSession) (aws.Credentials, error) {
	out, err := p.sts.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String(p.cfg.RoleARN), RoleSessionName: aws.String(p.opts.sessionName(id)),
		DurationSeconds: p.opts.durationSeconds(), Policy: p.opts.policy(),
		ProvidedContexts: []types.ProvidedContext{{
			ProviderArn: aws.String(IdentityCenterContextProvider), ContextAssertion: aws.String(sess.context.Reveal()),
		}},
	})
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with identity context: %w", p.cfg.RoleARN, hide(Classify(err), sess.context.Reveal()))
	}
	creds, err := fromSTS(out.Credentials, out.AssumedRoleUser, SourceIdentityCenter)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with identity context: %w", p.cfg.RoleARN, err)
	}
	logIssued(ctx, p.opts.Logger, "AssumeRole", p.cfg.RoleARN, id, creds)
	return creds, nil
}
