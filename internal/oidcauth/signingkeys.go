package oidcauth

import (
	"context"

	"github.com/go-jose/go-jose/v4"
)

// JWKSURI is the provider's jwks_uri, from its discovery document.
func (rp *RelyingParty) JWKSURI() string { return rp.md.JWKSURI }

// SigningKeys fetches the provider's key set now and returns the keys ID
// tokens are verified with (usable signature keys only); none is an error.
func (rp *RelyingParty) SigningKeys(ctx context.Context) ([]jose.JSONWebKey, error) {
	return fetchJWKS(ctx, rp.client, rp.md.JWKSURI)
}
