package signin

import (
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// SAMLEntry is the sign-in to keep after a SAML login in mode; its SAML
// response goes to Exchange alongside.
func SAMLEntry(mode identity.Mode, res *samlauth.Result) tokencache.Entry {
	return tokencache.Entry{Identity: res.Identity, Mode: mode, IdPSessionExpiry: res.SessionNotOnOrAfter}
}
