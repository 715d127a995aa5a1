package ssooidc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
)

// allowedAlgs are the signature algorithms accepted on assertions.
var allowedAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.ES256}

// futureLeeway tolerates issuer clocks slightly ahead for iat and nbf.
const futureLeeway = time.Minute

// assertion is a verified trusted token issuer JWT.
type assertion struct {
	tti    ssoadmin.TrustedTokenIssuer
	claims map[string]any
	expiry time.Time
}

var errAssertion = errors.New("invalid assertion")

// verifyAssertion checks raw against the jwt-bearer grant: its issuer must be
// an authorized trusted token issuer, its audience one of that issuer's
// authorized audiences, its signature valid under the issuer's published
// keys, and its time claims current.
func (s *Service) verifyAssertion(ctx context.Context, raw string, g ssoadmin.Grant) (*assertion, error) {
	tok, err := jwt.ParseSigned(raw, allowedAlgs)
	if err != nil || len(tok.Headers) != 1 {
		return nil, fmt.Errorf("%w: not a signed JWT", errAssertion)
	}
	var unverified jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&unverified); err != nil {
		return nil, fmt.Errorf("%w: unreadable claims", errAssertion)
	}
	tti, ok := s.authorizedIssuer(g, unverified)
	if !ok {
		return nil, fmt.Errorf("%w: issuer or audience not authorized", errAssertion)
	}
	keys, err := s.issuerKeys(ctx, tti.IssuerURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errAssertion, err)
	}
	var std jwt.Claims
	var all map[string]any
	if err := verifyWithKeys(tok, keys, &std, &all); err != nil {
		return nil, err
	}
	if err := s.checkTimes(std); err != nil {
		return nil, err
	}
	return &assertion{tti: tti, claims: all, expiry: std.Expiry.Time()}, nil
}

// authorizedIssuer finds the trusted token issuer of the grant whose
// IssuerUrl is exactly iss and whose audiences include one of aud.
func (s *Service) authorizedIssuer(g ssoadmin.Grant, c jwt.Claims) (ssoadmin.TrustedTokenIssuer, bool) {
	for _, ati := range g.AuthorizedTokenIssuers {
		tti, ok := s.opts.Admin.TrustedTokenIssuer(ati.TrustedTokenIssuerARN)
		if !ok || tti.IssuerURL != c.Issuer {
			continue
		}
		for _, aud := range c.Audience {
			if slices.Contains(ati.AuthorizedAudiences, aud) {
				return tti, true
			}
		}
	}
	return ssoadmin.TrustedTokenIssuer{}, false
}

// verifyWithKeys verifies the signature with the key named by kid, or with
// each signing key when the token names none.
func verifyWithKeys(tok *jwt.JSONWebToken, set jose.JSONWebKeySet, std *jwt.Claims, all *map[string]any) error {
	kid := tok.Headers[0].KeyID
	alg := tok.Headers[0].Algorithm
	for _, k := range set.Keys {
		if (kid != "" && k.KeyID != kid) || (k.Use != "" && k.Use != "sig") || (k.Algorithm != "" && k.Algorithm != alg) || !k.Valid() || !k.IsPublic() {
			continue
		}
		if tok.Claims(k.Key, std, all) == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: signature does not verify with the issuer's keys", errAssertion)
}

func (s *Service) checkTimes(c jwt.Claims) error {
	now := s.now()
	switch {
	case c.Expiry == nil:
		return fmt.Errorf("%w: no exp", errAssertion)
	case !now.Before(c.Expiry.Time()):
		return fmt.Errorf("%w: expired", errAssertion)
	case c.IssuedAt == nil:
		return fmt.Errorf("%w: no iat", errAssertion)
	case c.IssuedAt.Time().After(now.Add(futureLeeway)):
		return fmt.Errorf("%w: issued in the future", errAssertion)
	case c.NotBefore != nil && c.NotBefore.Time().After(now.Add(futureLeeway)):
		return fmt.Errorf("%w: not yet valid", errAssertion)
	case c.Subject == "":
		return fmt.Errorf("%w: no sub", errAssertion)
	}
	return nil
}

// claimString reads the claim at a ClaimAttributePath: the literal claim
// name first, then a dotted path into nested objects.
func claimString(claims map[string]any, path string) (string, bool) {
	if v, ok := claims[path].(string); ok {
		return v, v != ""
	}
	var cur any = claims
	for _, part := range splitDots(path) {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		cur = m[part]
	}
	v, ok := cur.(string)
	return v, ok && v != ""
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
