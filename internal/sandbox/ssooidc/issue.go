package ssooidc

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
)

const (
	tokenTypeRefresh    = "urn:ietf:params:oauth:token-type:refresh_token"
	accessTokenPurpose  = "sso-oidc-access-token"
	accessTokenPrefix   = "aoa"
	refreshTokenPrefix  = "aor"
	identityStoreArnFmt = "arn:aws:identitystore::%s:identitystore/%s"
)

type issueInput struct {
	user        directory.User
	scopes      []string
	withIDToken bool
	// family links rotated refresh tokens; "" starts a new one.
	family string
}

// AccessToken is what an access token seals.
type AccessToken struct {
	ApplicationARN string    `json:"app"`
	UserID         string    `json:"user"`
	Scopes         []string  `json:"scopes"`
	ExpiresAt      time.Time `json:"exp"`
}

// OpenAccessToken verifies an access token this service issued.
func (s *Service) OpenAccessToken(tok string) (AccessToken, error) {
	var at AccessToken
	if len(tok) < len(accessTokenPrefix) || tok[:len(accessTokenPrefix)] != accessTokenPrefix {
		return at, awsauth.ErrUnsealable
	}
	if err := s.opts.Authority.Sealer().Open(accessTokenPurpose, tok[len(accessTokenPrefix):], &at); err != nil {
		return AccessToken{}, err
	}
	if !s.now().Before(at.ExpiresAt) {
		return AccessToken{}, fmt.Errorf("access token expired")
	}
	return at, nil
}

// issue mints the token set for a user of x's application.
func (s *Service) issue(x *exchange, in issueInput) (*tokenResponse, *oauthError) {
	now := s.now()
	exp := now.Add(AccessTokenLifetime)
	at, err := s.opts.Authority.Sealer().Seal(accessTokenPurpose, AccessToken{ApplicationARN: x.app.ARN, UserID: in.user.IDCUserID, Scopes: in.scopes, ExpiresAt: exp})
	if err != nil {
		return nil, internal(err)
	}
	out := &tokenResponse{AccessToken: accessTokenPrefix + at, TokenType: "Bearer", ExpiresIn: int(AccessTokenLifetime / time.Second), Scope: in.scopes}
	if _, ok := s.opts.Admin.Grant(x.app.ARN, ssoadmin.GrantRefreshToken); ok {
		out.RefreshToken = s.refresh.issue(refreshSession{App: x.app.ARN, UserID: in.user.IDCUserID, Scopes: in.scopes, Family: in.family, Expires: now.Add(RefreshTokenLifetime)})
	}
	if !in.withIDToken {
		return out, nil
	}
	ctxAssertion, err := s.opts.Authority.SealContext(s.identityContext(x, in.user, exp))
	if err != nil {
		return nil, internal(err)
	}
	if out.IDToken, err = s.idToken(x, in.user, ctxAssertion, now, exp); err != nil {
		return nil, internal(err)
	}
	out.IssuedTokenType = tokenTypeRefresh
	out.AWSAdditionalDetails = &awsAddition{IdentityContext: ctxAssertion}
	return out, nil
}

func (s *Service) identityContext(x *exchange, u directory.User, exp time.Time) awsauth.IdentityContext {
	inst := s.opts.Admin.Instance()
	return awsauth.IdentityContext{IdentityStoreID: inst.IdentityStoreID, UserID: u.IDCUserID, ApplicationARN: x.app.ARN, InstanceARN: inst.ARN, ExpiresAt: exp}
}

// idToken signs the Identity Center id token.
func (s *Service) idToken(x *exchange, u directory.User, ctxAssertion string, now, exp time.Time) (string, error) {
	inst := s.opts.Admin.Instance()
	claims := map[string]any{
		"iss": s.Issuer(), "sub": u.IDCUserID, "aud": x.app.ARN,
		"iat": now.Unix(), "exp": exp.Unix(), "auth_time": now.Format(time.RFC3339),
		"aws:identity_store_id":  inst.IdentityStoreID,
		"aws:identity_store_arn": fmt.Sprintf(identityStoreArnFmt, inst.OwnerAccountID, inst.IdentityStoreID),
		"aws:instance_account":   inst.OwnerAccountID,
		"aws:instance_arn":       inst.ARN,
		"aws:credential_id":      randomToken(12),
		"sts:identity_context":   ctxAssertion,
		"sts:audit_context":      randomToken(24),
	}
	tok, err := jwt.Signed(s.key.signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("sign id token: %w", err)
	}
	return tok, nil
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func internal(err error) *oauthError {
	e := errInternal()
	e.Description = err.Error()
	return e
}
