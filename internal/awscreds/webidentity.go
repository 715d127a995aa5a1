package awscreds

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/identity"
)

// WebIdentityAPI is the STS operation the OIDC path uses.
type WebIdentityAPI interface {
	AssumeRoleWithWebIdentity(ctx context.Context, in *sts.AssumeRoleWithWebIdentityInput, optFns ...func(*sts.Options)) (*sts.AssumeRoleWithWebIdentityOutput, error)
}

// TokenSource supplies a fresh ID token that has been verified locally
// (signature, iss, aud, exp, nonce), with the identity it asserts. It
// refreshes through the IdP as needed and returns an error wrapping
// identity.ErrReauthRequired when only an interactive sign-in can help.
type TokenSource interface {
	IDToken(ctx context.Context) (raw string, id identity.Identity, err error)
}

// WebIdentityProvider exchanges a user's ID token for role credentials
// with sts:AssumeRoleWithWebIdentity.
type WebIdentityProvider struct {
	client  WebIdentityAPI
	roleARN string
	tokens  TokenSource
	opts    Options
	user    pin
}

// NewWebIdentityProvider returns the OIDC-path provider for one user.
func NewWebIdentityProvider(client WebIdentityAPI, roleARN string, tokens TokenSource, opts ...func(*Options)) aws.CredentialsProvider {
	return &WebIdentityProvider{client: client, roleARN: roleARN, tokens: tokens, opts: buildOptions(opts)}
}

// Retrieve implements aws.CredentialsProvider.
func (p *WebIdentityProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	raw, id, err := p.tokens.IDToken(ctx)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with web identity: get id token: %w", p.roleARN, err)
	}
	if err := p.user.check(id); err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with web identity: %w", p.roleARN, err)
	}
	out, err := p.client.AssumeRoleWithWebIdentity(ctx, p.input(raw, id), unsigned, retryIDPCommunication)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with web identity: %w", p.roleARN, hide(Classify(err), raw))
	}
	creds, err := fromSTS(out.Credentials, out.AssumedRoleUser, SourceWebIdentity)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with web identity: %w", p.roleARN, err)
	}
	logIssued(ctx, p.opts.Logger, "AssumeRoleWithWebIdentity", p.roleARN, id, creds)
	return creds, nil
}

func (p *WebIdentityProvider) input(raw string, id identity.Identity) *sts.AssumeRoleWithWebIdentityInput {
	return &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:          aws.String(p.roleARN),
		RoleSessionName:  aws.String(p.opts.sessionName(id)),
		WebIdentityToken: aws.String(raw),
		DurationSeconds:  p.opts.durationSeconds(),
		Policy:           p.opts.policy(),
	}
}
