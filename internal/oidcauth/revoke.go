package oidcauth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// Revoke asks the provider to revoke token, normally a refresh token
// (RFC 7009). It returns ErrUnsupported when no revocation_endpoint is
// advertised; callers then just forget the token.
func (rp *RelyingParty) Revoke(ctx context.Context, token string) error {
	if rp.md.RevocationEndpoint == "" {
		return fmt.Errorf("revoke token: %w", ErrUnsupported)
	}
	if token == "" {
		return errors.New("revoke token: empty token")
	}
	form := url.Values{"token": {token}, "token_type_hint": {"refresh_token"}}
	if _, err := rp.postForm(ctx, rp.md.RevocationEndpoint, form); err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}
