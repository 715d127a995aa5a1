package oidcauth

import (
	"context"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// JWKSURI is the provider's jwks_uri, from its discovery document.
func (rp *RelyingParty) JWKSURI() string { return rp.md.JWKSURI }

// SigningKeys fetches the provider's key set now and returns the keys ID
// tokens are verified with (usable signature keys only); none is an error.
func (rp *RelyingParty) SigningKeys(ctx context.Context) ([]jose.JSONWebKey, error) {
	body, err := getJSON(ctx, rp.client, rp.md.JWKSURI)
	if err != nil {
		return nil, fmt.Errorf("fetch jwks: %w", err)
	}
	keys, err := parseJWKS(body)
	if err != nil {
		return nil, fmt.Errorf("fetch jwks: %w", err)
	}
	return keys, nil
}
