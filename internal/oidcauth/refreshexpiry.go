package oidcauth

import (
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// refreshLifetimeFields are the token response members in which IdPs say
// how long the refresh token lasts: Keycloak's refresh_expires_in, and
// refresh_token_expires_in (Microsoft Entra ID, GitHub).
var refreshLifetimeFields = []string{"refresh_expires_in", "refresh_token_expires_in"}

// refreshExpiry is when the refresh token of tok ends, on the injected
// clock, or zero when the IdP does not say. Zero or a value that is not a
// positive whole number of seconds says nothing (Keycloak sends 0 for
// offline tokens, which end only when idle).
func (rp *RelyingParty) refreshExpiry(tok *oauth2.Token) time.Time {
	if tok.RefreshToken == "" {
		return time.Time{}
	}
	for _, name := range refreshLifetimeFields {
		if secs, ok := positiveSeconds(tok.Extra(name)); ok {
			return rp.now().Add(time.Duration(secs) * time.Second)
		}
	}
	return time.Time{}
}

// maxRefreshLifetime bounds what is believed: ten years.
const maxRefreshLifetime = 10 * 365 * 24 * 3600

func positiveSeconds(v any) (int64, bool) {
	var n int64
	switch x := v.(type) {
	case float64:
		if x != float64(int64(x)) {
			return 0, false
		}
		n = int64(x)
	case string:
		parsed, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return 0, false
		}
		n = parsed
	default:
		return 0, false
	}
	return n, n > 0 && n <= maxRefreshLifetime
}
