package awscreds

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/qbiz/qbiz/internal/logging"
)

// idcSession is what a verified CreateTokenWithIAM answer yields.
type idcSession struct {
	// userID is the Identity Center user (the idToken's sub).
	userID string
	// context is the sts:identity_context assertion for AssumeRole.
	context logging.Secret
	// expires is the earlier of the idToken's and access token's expiry.
	expires time.Time
	// refresh renews the Identity Center tokens (may be empty).
	refresh logging.Secret
}

func (s idcSession) usable(now time.Time, window time.Duration) bool {
	return !s.context.IsZero() && now.Add(window).Before(s.expires)
}

type idcClaims struct {
	IdentityContext string `json:"sts:identity_context"`
}

// verifyIDCToken checks the idToken's signature, aud (the application),
// iss and exp, and takes the identity context from its verified claims;
// a different context in awsAdditionalDetails is refused.
func (p *IdentityCenterProvider) verifyIDCToken(ctx context.Context, out *ssooidc.CreateTokenWithIAMOutput) (idcSession, error) {
	raw := aws.ToString(out.IdToken)
	if raw == "" {
		return idcSession{}, fmt.Errorf("%w: no idToken", ErrInvalidResponse)
	}
	tok, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return idcSession{}, fmt.Errorf("%w: verify identity center idToken: %s", ErrInvalidResponse, logging.Scrub(err.Error()))
	}
	var c idcClaims
	if err := tok.Claims(&c); err != nil || c.IdentityContext == "" || tok.Subject == "" {
		return idcSession{}, fmt.Errorf("%w: idToken lacks sub or sts:identity_context", ErrInvalidResponse)
	}
	if d := out.AwsAdditionalDetails; d != nil && d.IdentityContext != nil && *d.IdentityContext != c.IdentityContext {
		return idcSession{}, fmt.Errorf("%w: identity context differs from the idToken's", ErrInvalidResponse)
	}
	exp := tok.Expiry
	if out.ExpiresIn > 0 {
		exp = minTime(exp, p.opts.Now().Add(time.Duration(out.ExpiresIn)*time.Second))
	}
	return idcSession{userID: tok.Subject, context: logging.Secret(c.IdentityContext), expires: exp,
		refresh: logging.Secret(aws.ToString(out.RefreshToken))}, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func newIDCVerifier(cfg IdentityCenterConfig, now func() time.Time) *oidc.IDTokenVerifier {
	return oidc.NewVerifier(cfg.Issuer, cfg.Keys, &oidc.Config{
		ClientID:             cfg.ApplicationARN,
		SkipIssuerCheck:      cfg.Issuer == "",
		SupportedSigningAlgs: []string{oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384, oidc.ES512, oidc.PS256},
		Now:                  now,
	})
}
