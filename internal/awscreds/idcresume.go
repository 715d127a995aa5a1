package awscreds

import (
	"time"

	"github.com/qbiz/qbiz/internal/logging"
)

// IdentityCenterSession is what continues an Identity Center sign-in in
// another process: the Identity Center user it maps to and the refresh
// token that renews it. Identity Center rotates the refresh token on every
// use, so only the latest one is worth keeping.
type IdentityCenterSession struct {
	UserID       string
	RefreshToken logging.Secret
	// Expires is when the Identity Center token last issued ends (zero
	// when none was); Resume ignores it.
	Expires time.Time
}

// Resume continues s: its user is pinned, and its refresh token is tried
// before any new exchange of an IdP token. Call it before the first
// Retrieve.
func (p *IdentityCenterProvider) Resume(s IdentityCenterSession) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idcUser = s.UserID
	p.sess = idcSession{refresh: s.RefreshToken}
}

// Session returns the Identity Center session to keep. It is current after
// a failed Retrieve too: a refresh token spent on the way has already been
// replaced by its rotated successor (or dropped when refused).
func (p *IdentityCenterProvider) Session() IdentityCenterSession {
	p.mu.Lock()
	defer p.mu.Unlock()
	return IdentityCenterSession{UserID: p.idcUser, RefreshToken: p.sess.refresh, Expires: p.sess.expires}
}
