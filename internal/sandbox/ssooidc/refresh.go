package ssooidc

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
)

// refreshSession is what a refresh token stands for.
type refreshSession struct {
	App     string
	UserID  string
	Scopes  []string
	Family  string
	Expires time.Time
}

// refreshStore keeps refresh tokens by hash. A token works once: using it
// rotates it, and presenting a used token again revokes its whole family.
type refreshStore struct {
	mu     sync.Mutex
	active map[string]refreshSession
	// used maps consumed token hashes to their session, kept until it
	// expires so reuse is detected.
	used    map[string]refreshSession
	revoked map[string]bool
}

func newRefreshStore() *refreshStore {
	return &refreshStore{active: map[string]refreshSession{}, used: map[string]refreshSession{}, revoked: map[string]bool{}}
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

func (r *refreshStore) issue(sess refreshSession) string {
	tok := refreshTokenPrefix + randomToken(48)
	if sess.Family == "" {
		sess.Family = randomToken(12)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.active[hashToken(tok)] = sess
	return tok
}

// redeem consumes tok and returns its session.
func (r *refreshStore) redeem(tok string, now time.Time) (refreshSession, bool) {
	h := hashToken(tok)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prune(now)
	if old, reused := r.used[h]; reused {
		r.revokeFamily(old.Family)
		return refreshSession{}, false
	}
	sess, ok := r.active[h]
	if !ok || r.revoked[sess.Family] {
		return refreshSession{}, false
	}
	delete(r.active, h)
	r.used[h] = sess
	return sess, now.Before(sess.Expires)
}

// prune forgets expired tokens; callers hold the lock.
func (r *refreshStore) prune(now time.Time) {
	for h, s := range r.used {
		if !now.Before(s.Expires) {
			delete(r.used, h)
		}
	}
	for h, s := range r.active {
		if !now.Before(s.Expires) {
			delete(r.active, h)
		}
	}
}

func (r *refreshStore) revokeFamily(fam string) {
	r.revoked[fam] = true
	for h, s := range r.active {
		if s.Family == fam {
			delete(r.active, h)
		}
	}
}

// refreshGrant exchanges a refresh token for a new access and refresh token.
func (s *Service) refreshGrant(r *http.Request, x *exchange, _ ssoadmin.Grant) (*tokenResponse, *oauthError) {
	if x.req.RefreshToken == "" {
		return nil, errInvalidRequest("refreshToken is required for grant type %s", ssoadmin.GrantRefreshToken)
	}
	sess, ok := s.refresh.redeem(x.req.RefreshToken, s.now())
	if !ok || sess.App != x.app.ARN {
		return nil, errInvalidGrant("Invalid grant provided")
	}
	u, found := s.opts.Directory.ByIDCUserID(sess.UserID)
	if !found {
		return nil, errInvalidGrant("Invalid grant provided")
	}
	scopes := sess.Scopes
	if len(x.req.Scope) > 0 {
		var oerr *oauthError
		if scopes, oerr = subset(x.req.Scope, sess.Scopes); oerr != nil {
			return nil, oerr
		}
	}
	ledger.SetDetail(r.Context(), "idc_user", u.IDCUserID)
	return s.issue(x, issueInput{user: u, scopes: scopes, family: sess.Family, withIDToken: true})
}
