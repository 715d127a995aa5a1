package signin

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
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

// stsAnonymous is STS for the calls that carry the sign-in itself and no
// AWS credentials (never the default chain).
func (s *Session) stsAnonymous() *sts.Client {
	cfg := aws.Config{Region: s.p.Region, HTTPClient: s.o.HTTP, Credentials: aws.AnonymousCredentials{}}
	if s.p.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(s.p.EndpointURL)
	}
	return sts.NewFromConfig(cfg)
}

// providerOptions are the exchange's options for the profile, narrowed
// by sc.
func (s *Session) providerOptions(sc awscreds.Scope) func(*awscreds.Options) {
	return func(o *awscreds.Options) {
		o.Duration = time.Duration(s.p.DurationSeconds) * time.Second
		o.Logger = s.o.Logger
		o.Now = s.o.Now
		o.Scope = sc
	}
}

// Exchange turns the sign-in held in e (a login that just happened, or a
// renewed one) into AWS credentials for the profile's mode and returns e
// with them; it stores nothing. samlB64 is the SAML response of a login
// that just happened (SAML has no silent renewal). On failure the
// returned entry still carries whatever was renewed on the way.
func (s *Session) Exchange(ctx context.Context, e tokencache.Entry, samlB64 string) (tokencache.Entry, error) {
	return s.exchange(ctx, e, samlB64, awscreds.Scope{})
}

// exchange is Exchange narrowed by sc.
func (s *Session) exchange(ctx context.Context, e tokencache.Entry, samlB64 string, sc awscreds.Scope) (tokencache.Entry, error) {
	switch s.p.Mode {
	case identity.ModeOIDC:
		return withCredentials(ctx, e, awscreds.NewWebIdentityProvider(s.stsAnonymous(), s.p.RoleARN,
			fixedToken{e.IDToken.Reveal(), e.Identity}, s.providerOptions(sc)))
	case identity.ModeSAML:
		return withCredentials(ctx, e, awscreds.NewSAMLProvider(s.stsAnonymous(), s.p.RoleARN, s.p.ProviderARN,
			fixedAssertion{samlB64, e.Identity}, s.providerOptions(sc)))
	case identity.ModeIDC:
		return s.identityCenterExchange(ctx, e, sc)
	default:
		return e, fmt.Errorf("unknown mode %q", s.p.Mode)
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
	return tokencache.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: logging.Secret(c.SecretAccessKey),
		SessionToken: logging.Secret(c.SessionToken), Expiration: c.Expires}
}

// AWSCredentials are the cached credentials c in the SDK's form.
func AWSCredentials(c tokencache.Credentials) aws.Credentials {
	return aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey.Reveal(),
		SessionToken: c.SessionToken.Reveal(), CanExpire: true, Expires: c.Expiration, Source: "qbiz"}
}
