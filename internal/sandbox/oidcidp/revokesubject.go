package oidcidp

// RevokeSubject ends every session of one user, as disabling the user at
// the IdP does: the refresh and access tokens of the user's token
// families stop working at once, and no browser stays signed in.
func (p *Provider) RevokeSubject(subject string) {
	p.sso.endSubject(subject)
	p.st.revokeSubject(subject, "")
}
