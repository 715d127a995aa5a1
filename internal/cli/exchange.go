package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// fixedToken is a token source holding one verified ID token.
type fixedToken struct {
	raw string
	id  identity.Identity
}

func (f fixedToken) IDToken(context.Context) (string, identity.Identity, error) {
	return f.raw, f.id, nil
}

// fixedAssertion is an assertion source holding one verified SAML response.
type fixedAssertion struct {
	b64 string
	id  identity.Identity
}

func (f fixedAssertion) SAMLAssertion(context.Context) (string, identity.Identity, error) {
	return f.b64, f.id, nil
}

// awsConfig is the SDK configuration for calls qbiz makes for the
// profile, with exactly the credentials given (never the default chain).
func (a *app) awsConfig(p config.Profile, creds aws.CredentialsProvider) aws.Config {
	cfg := aws.Config{Region: p.Region, HTTPClient: a.http, Credentials: creds}
	if p.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(p.EndpointURL)
	}
	return cfg
}

func (a *app) stsAnonymous(p config.Profile) *sts.Client {
	return sts.NewFromConfig(a.awsConfig(p, aws.AnonymousCredentials{}))
}

func (a *app) providerOptions(p config.Profile) func(*awscreds.Options) {
	return func(o *awscreds.Options) {
		o.Duration = time.Duration(p.DurationSeconds) * time.Second
		o.Logger = a.log
		o.Now = a.now
	}
}

// exchange turns the sign-in held in e into AWS credentials for the
// profile's mode and returns e with them. samlB64 is the SAML response
// of a login that just happened (SAML has no silent renewal). On failure
// the returned entry still carries whatever was renewed on the way.
func (a *app) exchange(ctx context.Context, p config.Profile, e tokencache.Entry, samlB64 string) (tokencache.Entry, error) {
	switch p.Mode {
	case identity.ModeOIDC:
		return withCredentials(ctx, e, awscreds.NewWebIdentityProvider(a.stsAnonymous(p), p.RoleARN,
			fixedToken{e.IDToken.Reveal(), e.Identity}, a.providerOptions(p)))
	case identity.ModeSAML:
		return withCredentials(ctx, e, awscreds.NewSAMLProvider(a.stsAnonymous(p), p.RoleARN, p.ProviderARN,
			fixedAssertion{samlB64, e.Identity}, a.providerOptions(p)))
	case identity.ModeIDC:
		return a.identityCenterExchange(ctx, p, e)
	default:
		return e, fmt.Errorf("unknown mode %q", p.Mode)
	}
}

// withCredentials returns e with the credentials prov retrieves.
func withCredentials(ctx context.Context, e tokencache.Entry, prov aws.CredentialsProvider) (tokencache.Entry, error) {
	c, err := prov.Retrieve(ctx)
	if err != nil {
		return e, err
	}
	e.AWS = fromAWS(c)
	return e, nil
}

func fromAWS(c aws.Credentials) tokencache.Credentials {
	return tokencache.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: secret(c.SecretAccessKey),
		SessionToken: secret(c.SessionToken), Expiration: c.Expires}
}

func toAWS(c tokencache.Credentials) aws.Credentials {
	return aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey.Reveal(),
		SessionToken: c.SessionToken.Reveal(), CanExpire: true, Expires: c.Expiration, Source: "qbiz"}
}
