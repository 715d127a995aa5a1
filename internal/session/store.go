package session

import (
	"context"
	"time"
)

// Store keeps sessions and the state sign-ins share across replicas.
// Every method honours ctx; a cancelled call returns ctx's error, never
// ErrNotFound. Consumers declare the subset they use.
type Store interface {
	// Create stores a new session until s.Expires; ErrExists if the id
	// is taken.
	Create(ctx context.Context, s *Session) error
	// Get returns the session, or ErrNotFound.
	Get(ctx context.Context, id string) (*Session, error)
	// Update replaces a stored session (LastSeen, SignIn); ErrNotFound
	// if it was deleted meanwhile (a logout wins over a refresh).
	Update(ctx context.Context, s *Session) error
	// Delete removes the session; deleting nothing is not an error.
	Delete(ctx context.Context, id string) error
	// DeleteUser removes every session of the user owner (Owner(u)) and
	// returns how many it removed.
	DeleteUser(ctx context.Context, owner string) (int, error)
	// Count is the number of live sessions.
	Count(ctx context.Context) (int, error)

	// Lock takes the named lock for at most lease (a crashed holder
	// does not block others past it) and waits for it until ctx ends.
	Lock(ctx context.Context, name string, lease time.Duration) (unlock func(), err error)

	// Seen records a SAML assertion id until its expiry and reports
	// whether it had been recorded already (a replay).
	Seen(ctx context.Context, id string, until time.Time) (bool, error)

	// PutTransaction keeps a pre-auth transaction for ttl; Take returns
	// and deletes it atomically (single use), or ErrNotFound.
	PutTransaction(ctx context.Context, key string, value []byte, ttl time.Duration) error
	TakeTransaction(ctx context.Context, key string) ([]byte, error)

	// SetOwner files a conversation id under its owner; Owner returns
	// it, or ErrNotFound.
	SetOwner(ctx context.Context, conversationID, owner string, ttl time.Duration) error
	Owner(ctx context.Context, conversationID string) (string, error)

	// Ping reports whether the store answers (readiness).
	Ping(ctx context.Context) error
}
