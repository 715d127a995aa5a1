package gateway

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// establish turns a verified IdP sign-in into a session: the exchange for
// AWS credentials, then a new session id (whatever session the browser
// had is deleted, WEB-03), its sealed sign-in and CSRF token, the
// cookie, and a redirect to where the person was going.
func (s *Server) establish(w http.ResponseWriter, r *http.Request, p *idp, e tokencache.Entry, samlB64, ret string) error {
	ctx := r.Context()
	e, err := s.signInFor(p, "", nil).Exchange(ctx, e, samlB64)
	s.m.exchange(p.name, "signin", err)
	if err != nil {
		return s.signInFailed(p, exchangeFailure(ctx, err))
	}
	if err := s.endBrowserSession(ctx, r); err != nil {
		return s.signInFailed(p, fail(http.StatusServiceUnavailable, "sign-in is unavailable; try again later", err))
	}
	sess, err := s.create(ctx, p, e)
	if err != nil {
		return s.signInFailed(p, fail(http.StatusServiceUnavailable, "sign-in is unavailable; try again later", err))
	}
	s.m.signIn(p.name, "ok")
	s.log.InfoContext(ctx, "signed in", "idp", p.name, "mode", p.profile.Mode, "issuer", e.Identity.Issuer,
		"subject", e.Identity.Subject, "expires", sess.Expires)
	setCookie(w, sessionCookie, sess.ID, sess.Expires.Sub(s.d.Now()))
	w.Header().Set("Location", ret)
	w.WriteHeader(http.StatusSeeOther)
	return nil
}

// exchangeFailure words a failed exchange for the person.
func exchangeFailure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return err
	}
	if errors.Is(err, identity.ErrReauthRequired) {
		return fail(http.StatusForbidden, "your sign-in was not accepted for AWS access; sign in again or ask your administrator", err)
	}
	return fail(http.StatusBadGateway, "AWS sign-in failed; try again later or ask your administrator", err)
}

// endBrowserSession deletes the session whose cookie the request carries,
// whoever's it is.
func (s *Server) endBrowserSession(ctx context.Context, r *http.Request) error {
	for _, c := range r.CookiesNamed(sessionCookie) {
		if err := s.deleteSession(ctx, c.Value); err != nil {
			return fmt.Errorf("end previous session: %w", err)
		}
	}
	return nil
}

// create stores a new session for e under a fresh id.
func (s *Server) create(ctx context.Context, p *idp, e tokencache.Entry) (*session.Session, error) {
	now := s.d.Now()
	for range 3 {
		sess, err := s.newSession(p, e, now)
		if err != nil {
			return nil, err
		}
		err = s.d.Store.Create(ctx, sess)
		if !errors.Is(err, session.ErrExists) {
			return sess, err
		}
	}
	return nil, errors.New("create session: no free id")
}

func (s *Server) newSession(p *idp, e tokencache.Entry, now time.Time) (*session.Session, error) {
	id, err := session.NewID(s.d.Random)
	if err != nil {
		return nil, err
	}
	csrf, err := session.NewID(s.d.Random)
	if err != nil {
		return nil, err
	}
	sealed, err := s.seal(id, e)
	if err != nil {
		return nil, err
	}
	return &session.Session{ID: id, User: e.Identity, IdP: p.name, Mode: p.profile.Mode, CSRF: csrf,
		Created: now, LastSeen: now, Expires: s.sessionEnd(p, e, now), SignIn: sealed}, nil
}

// sessionEnd is the first of: the absolute timeout, the IdP session's end
// (SAML SessionNotOnOrAfter, a refresh token's lifetime), Identity
// Center's refresh limit, and, for a sign-in that cannot renew itself
// (SAML), when its AWS credentials stop being handed out.
func (s *Server) sessionEnd(p *idp, e tokencache.Entry, now time.Time) time.Time {
	end := now.Add(s.cfg.AbsoluteTimeout)
	for _, t := range []time.Time{e.IdPSessionExpiry, e.IDCRefreshExpiry, signin.Due(p.profile, e)} {
		if !t.IsZero() && t.Before(end) {
			end = t
		}
	}
	return end
}

// seal encrypts the sign-in for session id.
func (s *Server) seal(id string, e tokencache.Entry) ([]byte, error) {
	plain, err := tokencache.MarshalEntry(e)
	if err != nil {
		return nil, fmt.Errorf("seal sign-in: %w", err)
	}
	return s.d.Sealer.Seal(id, plain)
}

// unseal decrypts a session's sign-in, or takes it from the sign-ins
// opened before when the session holds the same sealed bytes.
func (s *Server) unseal(sess *session.Session) (tokencache.Entry, error) {
	if e, ok := s.opened.get(sess.ID, sess.SignIn); ok {
		return e, nil
	}
	plain, err := s.d.Sealer.Open(sess.ID, sess.SignIn)
	if err != nil {
		return tokencache.Entry{}, fmt.Errorf("open sign-in: %w", err)
	}
	e, err := tokencache.UnmarshalEntry(plain)
	if err == nil {
		s.opened.put(sess.ID, sess.SignIn, e)
	}
	return e, err
}
