package awscreds

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/identity"
)

// SAMLAPI is the STS operation the SAML path uses.
type SAMLAPI interface {
	AssumeRoleWithSAML(ctx context.Context, in *sts.AssumeRoleWithSAMLInput, optFns ...func(*sts.Options)) (*sts.AssumeRoleWithSAMLOutput, error)
}

// AssertionSource supplies a base64 SAMLResponse that has been validated
// locally, with the identity it asserts. Each assertion comes from an
// interactive sign-in unless one is still within its validity; when a
// human is needed it returns an error wrapping identity.ErrReauthRequired.
type AssertionSource interface {
	SAMLAssertion(ctx context.Context) (b64 string, id identity.Identity, err error)
}

// SAMLProvider exchanges a SAML response for role credentials with
// sts:AssumeRoleWithSAML. STS takes RoleSessionName and session tags from
// the assertion's attributes.
type SAMLProvider struct {
	client       SAMLAPI
	roleARN      string
	principalARN string
	src          AssertionSource
	opts         Options
	user         pin
}

// NewSAMLProvider returns the SAML-path provider for one user; roleARN and
// principalARN are the pair the assertion's Role attribute grants.
func NewSAMLProvider(client SAMLAPI, roleARN, principalARN string, src AssertionSource, opts ...func(*Options)) aws.CredentialsProvider {
	return &SAMLProvider{client: client, roleARN: roleARN, principalARN: principalARN, src: src, opts: buildOptions(opts)}
}

// Retrieve implements aws.CredentialsProvider.
func (p *SAMLProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	b64, id, err := p.src.SAMLAssertion(ctx)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with SAML: get assertion: %w", p.roleARN, err)
	}
	if err := p.user.check(id); err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with SAML: %w", p.roleARN, err)
	}
	out, err := p.client.AssumeRoleWithSAML(ctx, &sts.AssumeRoleWithSAMLInput{
		RoleArn: aws.String(p.roleARN), PrincipalArn: aws.String(p.principalARN),
		SAMLAssertion: aws.String(b64), DurationSeconds: p.opts.durationSeconds(), Policy: p.opts.policy(),
	}, unsigned)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with SAML provider %s: %w", p.roleARN, p.principalARN, hide(Classify(err), b64))
	}
	creds, err := fromSTS(out.Credentials, out.AssumedRoleUser, SourceSAML)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("assume role %s with SAML: %w", p.roleARN, err)
	}
	logIssued(ctx, p.opts.Logger, "AssumeRoleWithSAML", p.roleARN, id, creds)
	return creds, nil
}
