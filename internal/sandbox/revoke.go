package sandbox

import "time"

// revokeSessions ends every session issued before t, as an administrator
// revoking them would: AWS temporary credentials, the OIDC provider's
// token families and Identity Center's refresh tokens. A client that
// renews through its IdP is stopped at its next renewal.
func (s *Sandbox) revokeSessions(t time.Time) {
	s.authority.RevokeSessionsIssuedBefore(t)
	s.oidc.RevokeAll()
	s.idc.RevokeAll()
}
