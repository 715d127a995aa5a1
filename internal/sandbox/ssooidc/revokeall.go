package ssooidc

// RevokeAll ends every Identity Center session issued so far, as an
// administrator revoking them would: no refresh token issued before works
// again. Sessions begun afterwards are unaffected.
func (s *Service) RevokeAll() { s.refresh.revokeAll() }

func (r *refreshStore) revokeAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, sess := range r.active {
		r.revokeFamily(sess.Family)
	}
}
