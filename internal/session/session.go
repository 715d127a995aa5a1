package session

import (
	"errors"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
)

// ErrNotFound: no session, transaction or owner under that key (or it
// expired). A cancelled or failed read is never ErrNotFound.
var ErrNotFound = errors.New("not found")

// ErrExists: Create found a session under the new id already.
var ErrExists = errors.New("already exists")

// Session is one signed-in browser, held on the server.
type Session struct {
	ID   string            // opaque, ≥128 bits from crypto/rand (NewID)
	User identity.Identity // (Issuer, Subject) identify the user; the rest describes
	IdP  string            // the configured identity provider's name
	Mode identity.Mode
	CSRF string // anti-CSRF token bound to this session

	Created  time.Time
	LastSeen time.Time // idle timeout counts from here
	Expires  time.Time // absolute end: the configured limit or the IdP session's end, whichever is first

	// SignIn is the user's sealed sign-in (tokens and AWS credentials),
	// opaque to the store.
	SignIn []byte
}

// Valid reports whether s may serve a request at now, given the idle
// timeout.
func (s *Session) Valid(now time.Time, idle time.Duration) bool {
	return now.Before(s.Expires) && now.Before(s.LastSeen.Add(idle))
}

// Owner is the key the ownership map files a user's objects under: the
// user's (issuer, subject) key, never an email.
func Owner(u identity.Identity) string { return u.Key() }
