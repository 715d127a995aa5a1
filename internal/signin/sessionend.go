package signin

import (
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// SessionEnd is when the sign-in e stops renewing without a person: a
// new qbiz login is needed to get AWS credentials after it (credentials
// already issued may last longer). It is zero when nobody said.
//
//   - SAML has no silent renewal: its AWS credentials' end (Due), which
//     STS already bounds by SessionNotOnOrAfter.
//   - Without a refresh token, the same: nothing renews the credentials.
//   - Otherwise the first known end of what a renewal presents: the
//     refresh token (refresh_expires_in), the IdP session a gateway
//     bounds, and Identity Center's refresh token.
func SessionEnd(p config.Profile, e tokencache.Entry) time.Time {
	if p.Mode == identity.ModeSAML || e.RefreshToken.IsZero() {
		if e.AWS.Expiration.IsZero() {
			return time.Time{}
		}
		return e.AWS.Expiration.Add(-RefreshMargin)
	}
	return Earliest(e.RefreshExpiry, e.IdPSessionExpiry, e.IDCRefreshExpiry)
}

// Earliest is the earliest non-zero time of ts, or zero when all are.
func Earliest(ts ...time.Time) time.Time {
	var first time.Time
	for _, t := range ts {
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first
}
