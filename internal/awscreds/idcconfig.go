package awscreds

import (
	"context"
	"errors"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/qbiz/qbiz/internal/identity"
)

// Identity Center constants.
const (
	// GrantJWTBearer is the CreateTokenWithIAM grant for an IdP token.
	GrantJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	// GrantRefreshToken renews Identity Center tokens.
	GrantRefreshToken = "refresh_token"
	// IdentityCenterContextProvider is the ProviderArn of the identity
	// context passed to sts:AssumeRole.
	IdentityCenterContextProvider = "arn:aws:iam::aws:contextProvider/IdentityCenter"
)

// IdentityCenterConfig configures the trusted identity propagation path.
type IdentityCenterConfig struct {
	// ApplicationARN is the Identity Center customer-managed application
	// (CreateTokenWithIAM clientId, and the idToken's required aud).
	ApplicationARN string
	// RoleARN is the role assumed with the identity context.
	RoleARN string
	// Scopes requested from CreateTokenWithIAM; empty asks for the
	// application's defaults.
	Scopes []string
	// Issuer is the idToken's required iss
	// (https://identitycenter.amazonaws.com/ssoins-…); empty skips the
	// issuer check, the signature still binds the token to Keys.
	Issuer string
	// Keys verify the idToken's signature: oidc.NewRemoteKeySet for a
	// JWKS URL, or &oidc.StaticKeySet{} for fixed keys. Required.
	Keys oidc.KeySet
	// MatchUser decides whether the Identity Center user the idToken
	// names (its sub) is the signed-in user, for example by an identity
	// store lookup or a user id remembered at first sign-in. When nil
	// only pinning applies: the first Identity Center user a provider
	// sees is the only one it ever accepts.
	MatchUser func(ctx context.Context, idcUserID string, id identity.Identity) error
}

func (c IdentityCenterConfig) validate() error {
	switch {
	case c.ApplicationARN == "":
		return errors.New("identity center: ApplicationARN is required")
	case c.RoleARN == "":
		return errors.New("identity center: RoleARN is required")
	case c.Keys == nil:
		return errors.New("identity center: Keys are required to verify the idToken")
	}
	return nil
}
