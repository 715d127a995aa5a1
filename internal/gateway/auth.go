package gateway

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/gateway/api"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
)

// touchEvery: LastSeen is written at most this often, to keep store
// writes low; the idle timeout is therefore exact to within it.
const touchEvery = time.Minute

// touchWait bounds waiting for the renewal lock to record activity.
const touchWait = 100 * time.Millisecond

var errSignedOut = errors.New("not signed in")

// errStoreUnavailable: the session could not be read; the person is not
// told they are signed out.
func errStoreUnavailable(err error) error {
	return fail(http.StatusServiceUnavailable, "the service is unavailable; try again shortly", err)
}

// currentSession returns the request's valid session, errSignedOut when
// there is none (no cookie, unknown id, idle or past its end), or a store
// failure: a cancelled or failed read never signs anyone out.
func (s *Server) currentSession(r *http.Request) (*session.Session, error) {
	id := cookieValue(r, sessionCookie)
	if id == "" {
		return nil, errSignedOut
	}
	ctx := r.Context()
	sess, err := s.d.Store.Get(ctx, id)
	if errors.Is(err, session.ErrNotFound) {
		return nil, errSignedOut
	}
	if err != nil {
		return nil, errStoreUnavailable(err)
	}
	now := s.d.Now()
	if sess.ID != id || !sess.Valid(now, s.cfg.IdleTimeout) {
		s.discard(ctx, id)
		return nil, errSignedOut
	}
	if _, ok := s.idps[sess.IdP]; !ok {
		s.discard(ctx, id) // its IdP is no longer configured
		return nil, errSignedOut
	}
	return sess, s.touch(ctx, sess, now)
}

// touch records activity at most once per touchEvery. It writes under
// the session's renewal lock, on a fresh read, so it never puts back a
// sign-in that a renewal (here or at another replica) has just replaced;
// when a renewal holds the lock, the touch waits for the next request.
func (s *Server) touch(ctx context.Context, sess *session.Session, now time.Time) error {
	if now.Sub(sess.LastSeen) < touchEvery {
		return nil
	}
	lctx, cancel := context.WithTimeout(ctx, touchWait)
	defer cancel()
	unlock, err := s.d.Store.Lock(lctx, renewLock(sess.ID), renewLease)
	if err != nil {
		if ctx.Err() != nil {
			return errStoreUnavailable(err)
		}
		return nil
	}
	defer unlock()
	fresh, err := s.d.Store.Get(ctx, sess.ID)
	if err == nil {
		fresh.LastSeen = now
		err = s.d.Store.Update(ctx, fresh)
	}
	switch {
	case errors.Is(err, session.ErrNotFound):
		return errSignedOut
	case err != nil:
		return errStoreUnavailable(err)
	}
	*sess = *fresh
	return nil
}

// discard deletes an ended session; a failure is logged, the request is
// answered as signed out either way.
func (s *Server) discard(ctx context.Context, id string) {
	if err := s.deleteSession(context.WithoutCancel(ctx), id); err != nil {
		s.log.WarnContext(ctx, "delete ended session", "err", err)
	}
}

// deleteSession deletes session id from the store, and its sign-in from
// those opened here.
func (s *Server) deleteSession(ctx context.Context, id string) error {
	s.opened.forget(id)
	return s.d.Store.Delete(ctx, id)
}

// userOf is the API's view of the session's user, with a credentials
// provider for this request only: it renews through the session's
// sign-in and ends the session when only a new sign-in would help.
func (s *Server) userOf(ctx context.Context, sess *session.Session) *api.User {
	p := s.idps[sess.IdP]
	store := &sessionSignIns{s: s, ctx: ctx, sess: sess}
	creds := s.signInFor(p, sess.ID, store).Credentials(sess.User)
	return &api.User{Identity: sess.User, Owner: session.Owner(sess.User), IdP: sess.IdP, Mode: sess.Mode,
		Expires: sess.Expires, ApplicationID: p.profile.ApplicationID,
		Credentials: &userCredentials{next: creds, store: store, s: s, idp: p.name}}
}

// userCredentials counts cache hits and renewals and ends the session
// when a renewal needs a new sign-in (the IdP refused the refresh token,
// the SAML credentials ran out).
type userCredentials struct {
	next  aws.CredentialsProvider
	store *sessionSignIns
	s     *Server
	idp   string
}

func (u *userCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := u.next.Retrieve(ctx)
	u.store.mu.Lock()
	renewed, stored, id := u.store.renewed, u.store.stored, u.store.sess.ID
	u.store.mu.Unlock()
	u.s.m.credentials(renewed, err)
	if stored {
		u.s.m.exchange(u.idp, "renewal", err)
	}
	if err != nil && errors.Is(err, identity.ErrReauthRequired) && ctx.Err() == nil {
		u.s.discard(ctx, id)
	}
	return c, err
}
