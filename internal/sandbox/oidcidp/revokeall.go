package oidcidp

// RevokeAll ends every session issued so far, as an administrator
// revoking them would: the refresh and access tokens of every token family
// stop working at once. Sign-ins made afterwards are unaffected.
func (p *Provider) RevokeAll() {
	p.st.mu.Lock()
	defer p.st.mu.Unlock()
	for id := range p.st.grants {
		p.st.revokeGrant(id)
	}
}
