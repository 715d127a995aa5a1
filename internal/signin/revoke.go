package signin

import (
	"context"

	"github.com/qbiz/qbiz/internal/tokencache"
)

// Revoke asks the IdP to revoke e's refresh token (RFC 7009); an IdP
// without revocation is oidcauth.ErrUnsupported. It neither checks that
// e holds one nor forgets anything: the caller deletes the sign-in.
func (s *Session) Revoke(ctx context.Context, e tokencache.Entry) error {
	rp, err := s.RelyingParty(ctx)
	if err != nil {
		return err
	}
	return rp.Revoke(ctx, e.RefreshToken.Reveal())
}
