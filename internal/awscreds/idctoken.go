package awscreds

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"

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

// idcAlgs are the idToken signature algorithms accepted.
var idcAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512, jose.ES256, jose.ES384, jose.ES512, jose.PS256}

func newIDCVerifier(cfg IdentityCenterConfig, now func() time.Time) *oidc.IDTokenVerifier {
	algs := make([]string, len(idcAlgs))
	for i, a := range idcAlgs {
		algs[i] = string(a)
	}
	var keys oidc.KeySet
	if cfg.Keys != nil {
		keys = strongKeys{cfg.Keys}
	}
	return oidc.NewVerifier(cfg.Issuer, keys, &oidc.Config{
		ClientID:             cfg.ApplicationARN,
		SkipIssuerCheck:      cfg.Issuer == "",
		SupportedSigningAlgs: algs,
		Now:                  now,
	})
}

// minRSABits is the smallest RSA key whose signature is accepted.
const minRSABits = 2048

// strongKeys refuses an RSA signature made with a key under minRSABits
// before the configured key set verifies it (that set may be go-oidc's,
// which takes any key size). An RSA signature is exactly as long as the
// signing key's modulus.
type strongKeys struct{ oidc.KeySet }

func (k strongKeys) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	jws, err := jose.ParseSigned(jwt, idcAlgs)
	if err != nil {
		return nil, fmt.Errorf("parse idToken: %w", err)
	}
	for _, sig := range jws.Signatures {
		alg := sig.Header.Algorithm
		rsa := strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS")
		if rsa && len(sig.Signature)*8 < minRSABits {
			return nil, fmt.Errorf("idToken signed with a %d-bit RSA key; at least %d bits are required", len(sig.Signature)*8, minRSABits)
		}
	}
	return k.KeySet.VerifySignature(ctx, jwt)
}
