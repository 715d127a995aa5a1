package oidcidp

// RevokeSubject ends every session of one user, as disabling the user at
// the IdP does: the refresh and access tokens of the user's token
// families stop working at once, and no browser stays signed in.
func (p *Provider) RevokeSubject(subject string) {
	p.sso.endSubject(subject)
	p.st.mu.Lock()
	defer p.st.mu.Unlock()
	for id, g := range p.st.grants {
		if g.subject == subject {
			p.st.revokeGrant(id)
		}
	}
}
