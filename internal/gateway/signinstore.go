package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// renewLease bounds how long a crashed replica's renewal blocks others.
const renewLease = time.Minute

// renewLock names the lock a session's renewals and writes take.
func renewLock(id string) string { return "signin:" + id }

// profileName is the name signin knows session id's sign-in by. It is
// logged and appears in errors, so it is a digest: the id itself is the
// bearer secret in the session cookie.
func profileName(id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(id))
	return "session-" + hex.EncodeToString(sum[:8])
}

// signInFor is the signin.Session of session id over store; id and
// store are empty for the first exchange, which keeps nothing.
func (s *Server) signInFor(p *idp, id string, store signin.Store) *signin.Session {
	prof := p.profile
	prof.Name = profileName(id)
	if store == nil {
		store = noStore{}
	}
	return signin.New(prof, store, signin.Options{HTTP: s.d.HTTP, Now: s.d.Now, Logger: s.log,
		ClientSecret: p.secret, AppConfig: s.d.AppConfig, IDCKeysURL: s.idcKeysURL()})
}

// sessionSignIns is one request's view of its session's sign-in as a
// signin.Store (the profile key is profileName of the session id). It starts from the
// session this request read; once the renewal lock is held it reads the
// store again, since another replica may have renewed meanwhile.
type sessionSignIns struct {
	s       *Server
	ctx     context.Context
	mu      sync.Mutex
	sess    *session.Session
	reread  bool
	renewed bool // the lock was taken: a renewal, not a cache hit
	stored  bool // a renewal was kept (it went to the IdP and AWS)
	ended   bool // the sign-in was deleted
}

var errOtherSession = errors.New("sign-in store: another session's profile")

func (a *sessionSignIns) check(profile string) error {
	if profile != profileName(a.sess.ID) {
		return errOtherSession
	}
	return nil
}

func (a *sessionSignIns) Get(profile string) (tokencache.Entry, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.check(profile); err != nil {
		return tokencache.Entry{}, err
	}
	if a.reread {
		fresh, err := a.s.d.Store.Get(a.ctx, a.sess.ID)
		if errors.Is(err, session.ErrNotFound) {
			return tokencache.Entry{}, fmt.Errorf("session ended: %w", identity.ErrNotLoggedIn)
		}
		if err != nil {
			return tokencache.Entry{}, err
		}
		a.sess, a.reread = fresh, false
	}
	return a.s.unseal(a.sess)
}

// Put seals e into the session; a session deleted meanwhile (a logout)
// stays deleted.
func (a *sessionSignIns) Put(profile string, e tokencache.Entry) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.check(profile); err != nil {
		return err
	}
	sealed, err := a.s.seal(a.sess.ID, e)
	if err != nil {
		return err
	}
	next := *a.sess
	next.SignIn = sealed
	if err := a.s.d.Store.Update(a.ctx, &next); err != nil {
		return fmt.Errorf("keep renewed sign-in: %w", err)
	}
	a.sess, a.stored = &next, true
	a.s.opened.forget(next.ID) // the next read opens the renewed bytes
	return nil
}

// Delete ends the session: its sign-in is over (revoked, or another
// identity now).
func (a *sessionSignIns) Delete(profile string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.check(profile); err != nil {
		return err
	}
	a.ended = true
	return a.s.deleteSession(context.WithoutCancel(a.ctx), a.sess.ID)
}

// Lock takes the session's renewal lock, shared by all replicas.
func (a *sessionSignIns) Lock(ctx context.Context, profile string) (func(), error) {
	a.mu.Lock()
	if err := a.check(profile); err != nil {
		a.mu.Unlock()
		return nil, err
	}
	id := a.sess.ID
	a.mu.Unlock()
	unlock, err := a.s.d.Store.Lock(ctx, renewLock(id), renewLease)
	if err != nil {
		return nil, fmt.Errorf("renewal lock: %w", err)
	}
	a.mu.Lock()
	a.reread, a.renewed = true, true
	a.mu.Unlock()
	return unlock, nil
}

// noStore is the store of the first exchange, which stores nothing.
type noStore struct{}

func (noStore) Get(string) (tokencache.Entry, error) {
	return tokencache.Entry{}, identity.ErrNotLoggedIn
}
func (noStore) Put(string, tokencache.Entry) error { return nil }
func (noStore) Delete(string) error                { return nil }
func (noStore) Lock(context.Context, string) (func(), error) {
	return func() {}, nil
}

// idcKeysURL locates Identity Center's token signing keys; empty lets
// signin use the sandbox's for a loopback endpoint.
func (s *Server) idcKeysURL() string { return "" }
