package oidcauth

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// verifyOptions say what the caller expects of the nonce.
type verifyOptions struct {
	nonce        string
	requireNonce bool          // code flow: nonce must be present and equal
	maxAuthAge   time.Duration // code flow with max_age: auth_time required and bounded
}

// Verify checks a freshly received ID token completely, including that its
// nonce equals nonce (which must be the non-empty nonce of the login attempt).
func (rp *RelyingParty) Verify(ctx context.Context, rawIDToken, nonce string) (Claims, error) {
	if nonce == "" {
		return Claims{}, fmt.Errorf("verify id token: %w: no nonce to compare with", ErrNonce)
	}
	c, err := rp.verify(ctx, rawIDToken, verifyOptions{nonce: nonce, requireNonce: true})
	if err != nil {
		return Claims{}, fmt.Errorf("verify id token: %w", err)
	}
	return c, nil
}

func (rp *RelyingParty) verify(ctx context.Context, raw string, opts verifyOptions) (Claims, error) {
	if err := checkHeader(raw); err != nil {
		return Claims{}, err
	}
	var fetchErr error
	tok, err := rp.verifier.Verify(withFetchErr(ctx, &fetchErr), raw)
	if err != nil {
		return Claims{}, classifyVerifyError(err, fetchErr)
	}
	var rc rawClaims
	if err := tok.Claims(&rc); err != nil {
		return Claims{}, invalid(nil, "claims are not valid JSON")
	}
	if err := rp.checkClaims(tok, &rc, opts); err != nil {
		return Claims{}, err
	}
	return buildClaims(tok, &rc), nil
}

// invalid wraps ErrInvalidIDToken and a reason sentinel.
func invalid(reason error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if reason == nil {
		return fmt.Errorf("%w: %s", ErrInvalidIDToken, msg)
	}
	return fmt.Errorf("%w: %w: %s", ErrInvalidIDToken, reason, msg)
}

// checkHeader refuses tokens that bring their own keys or critical
// extensions (OIDC-13): keys come only from the provider's jwks_uri.
func checkHeader(raw string) error {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return invalid(ErrSignature, "not a compact JWS")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[0])
	var hdr map[string]json.RawMessage
	if err != nil || json.Unmarshal(b, &hdr) != nil {
		return invalid(ErrSignature, "malformed header")
	}
	for _, name := range []string{"jwk", "jku", "x5u", "x5c", "crit"} {
		if _, ok := hdr[name]; ok {
			return invalid(ErrSignature, "header %q is not accepted", name)
		}
	}
	return nil
}

// classifyVerifyError maps go-oidc v3.21.0's errors to sentinels. Its error
// texts name only issuers, audiences and algorithms, never the token.
func classifyVerifyError(err, fetchErr error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "issued by a different provider"):
		return invalid(ErrTokenIssuer, "%s", msg)
	case strings.Contains(msg, "expected audience"):
		return invalid(ErrAudience, "%s", msg)
	case errors.Is(fetchErr, ErrIdPUnreachable):
		return fmt.Errorf("%w: %w: provider keys: %w", ErrInvalidIDToken, ErrSignature, fetchErr)
	}
	return invalid(ErrSignature, "%s", msg)
}

func (rp *RelyingParty) checkClaims(tok *oidc.IDToken, rc *rawClaims, opts verifyOptions) error {
	if rc.Subject == nil || *rc.Subject == "" {
		return invalid(ErrSubject, "sub is missing or empty")
	}
	if err := checkNonce(rc.Nonce, opts); err != nil {
		return err
	}
	if err := rp.checkAudience(tok.Audience, rc.AZP); err != nil {
		return err
	}
	if err := rp.checkTimes(tok, rc.NotBefore); err != nil {
		return err
	}
	return rp.checkAuthTime(rc.AuthTime, opts.maxAuthAge)
}

func checkNonce(got *string, opts verifyOptions) error {
	if !opts.requireNonce {
		return nil
	}
	if got == nil || *got == "" {
		return invalid(ErrNonce, "nonce missing")
	}
	if subtle.ConstantTimeCompare([]byte(*got), []byte(opts.nonce)) != 1 {
		return invalid(ErrNonce, "nonce differs from the one sent")
	}
	return nil
}

// checkAudience (OIDC Core §3.1.3.7 steps 3–5): aud must name this client
// and no audience the client does not trust; azp, required with several
// audiences, must be this client. go-oidc only checked that aud contains
// client_id.
func (rp *RelyingParty) checkAudience(aud []string, azp *string) error {
	if !slices.Contains(aud, rp.cfg.ClientID) {
		return invalid(ErrAudience, "aud does not contain this client")
	}
	for _, a := range aud {
		if a != rp.cfg.ClientID && !slices.Contains(rp.cfg.TrustedAudiences, a) {
			return invalid(ErrAudience, "audience %q is not trusted", a)
		}
	}
	if azp != nil && *azp != rp.cfg.ClientID {
		return invalid(ErrAudience, "azp %q is not this client", *azp)
	}
	if len(aud) > 1 && azp == nil {
		return invalid(ErrAudience, "several audiences and no azp")
	}
	return nil
}

// checkTimes applies one explicit skew to exp, iat and nbf, and bounds the
// token's age by MaxAge (go-oidc: exp without leeway, nbf 5 min, iat never).
func (rp *RelyingParty) checkTimes(tok *oidc.IDToken, nbf *float64) error {
	now, skew := rp.now(), rp.cfg.ClockSkew
	switch {
	case tok.Expiry.IsZero():
		return invalid(ErrTokenTime, "exp missing")
	case now.After(tok.Expiry.Add(skew)):
		return invalid(ErrTokenTime, "expired at %s", tok.Expiry.UTC().Format(time.RFC3339))
	case tok.IssuedAt.IsZero():
		return invalid(ErrTokenTime, "iat missing")
	case tok.IssuedAt.After(now.Add(skew)):
		return invalid(ErrTokenTime, "iat %s is in the future", tok.IssuedAt.UTC().Format(time.RFC3339))
	case now.Sub(tok.IssuedAt) > rp.cfg.MaxAge+skew:
		return invalid(ErrTokenTime, "issued at %s, older than %s", tok.IssuedAt.UTC().Format(time.RFC3339), rp.cfg.MaxAge)
	case nbf != nil && time.Unix(int64(*nbf), 0).After(now.Add(skew)):
		return invalid(ErrTokenTime, "not valid before %s", time.Unix(int64(*nbf), 0).UTC().Format(time.RFC3339))
	}
	return nil
}

func buildClaims(tok *oidc.IDToken, rc *rawClaims) Claims {
	c := Claims{Issuer: tok.Issuer, Subject: *rc.Subject, EmailVerified: bool(rc.EmailVerified),
		Groups: []string(rc.Groups), Name: rc.Name, Audience: tok.Audience,
		IssuedAt: tok.IssuedAt, Expiry: tok.Expiry, AWSPrincipalTags: principalTags(rc.Tags)}
	if c.EmailVerified {
		c.Email = rc.Email
	}
	if rc.AuthTime != nil && *rc.AuthTime > 0 {
		c.AuthTime = time.Unix(int64(*rc.AuthTime), 0)
	}
	return c
}
