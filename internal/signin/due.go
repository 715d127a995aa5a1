package signin

import (
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// Due is when a sign-in that cannot renew itself (SAML has no refresh)
// needs a new sign-in: when its AWS credentials are no longer handed out.
// It is zero for sign-ins that renew through the IdP.
func Due(p config.Profile, e tokencache.Entry) time.Time {
	if p.Mode != identity.ModeSAML || e.AWS.Expiration.IsZero() {
		return time.Time{}
	}
	return e.AWS.Expiration.Add(-RefreshMargin)
}
