package cli

import (
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// layerEnd is when one layer of a sign-in ends. An end nobody said is
// left zero and Unknown says why; nothing is guessed.
type layerEnd struct {
	Layer string    `json:"layer"`
	Ends  time.Time `json:"ends,omitzero"`
	// EndsInSeconds is Ends relative to when whoami ran (negative: past).
	EndsInSeconds *int64 `json:"ends_in_seconds,omitempty"`
	Unknown       string `json:"unknown,omitempty"`
}

func (l layerEnd) text(now time.Time) string {
	if l.Ends.IsZero() {
		return l.Unknown
	}
	return when(l.Ends, now)
}

// layers are the ends of e's layers, outermost first: the IdP session,
// its refresh token and ID token, Identity Center's tokens (mode idc),
// and the AWS credentials.
func layers(mode identity.Mode, e tokencache.Entry, now time.Time) []layerEnd {
	at := func(name string, t time.Time, unknown string) layerEnd {
		l := layerEnd{Layer: name, Ends: t, Unknown: unknown}
		if !t.IsZero() {
			l.Unknown = ""
			secs := int64(t.Sub(now) / time.Second)
			l.EndsInSeconds = &secs
		}
		return l
	}
	if mode == identity.ModeSAML {
		return []layerEnd{
			at("idp session", e.IdPSessionExpiry, "unknown (the assertion had no SessionNotOnOrAfter)"),
			at("refresh token", time.Time{}, "none (SAML has no silent renewal)"),
			at("aws credentials", e.AWS.Expiration, "none"),
		}
	}
	refreshUnknown := "unknown (the identity provider did not say)"
	if e.RefreshToken.IsZero() {
		refreshUnknown = "none (no refresh token was issued)"
	}
	out := []layerEnd{
		at("idp session", signin.Earliest(e.IdPSessionExpiry, e.RefreshExpiry), refreshUnknown),
		at("refresh token", e.RefreshExpiry, refreshUnknown),
		at("id token", e.IDTokenExpiry, "unknown"),
	}
	if mode == identity.ModeIDC {
		out = append(out,
			at("idc token", e.IDCTokenExpiry, "unknown (not recorded yet: renewed at the next exchange)"),
			at("idc refresh token", e.IDCRefreshExpiry, "unknown (Identity Center does not say)"))
	}
	return append(out, at("aws credentials", e.AWS.Expiration, "none"))
}
