package awscreds

import (
	"errors"
	"fmt"
	"sync"

	"github.com/qbiz/qbiz/internal/identity"
)

// pin remembers the one user a provider serves: the first verified
// identity it sees. Later identities must be the same (issuer, subject).
type pin struct {
	mu sync.Mutex
	id identity.Identity
}

func (p *pin) check(id identity.Identity) error {
	if id.IsZero() || id.Issuer == "" || id.Subject == "" {
		return errors.New("token source returned no verified identity")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.id.IsZero() {
		p.id = id
		return nil
	}
	if !p.id.SameUser(id) {
		return fmt.Errorf("%w: %w", ErrUserMismatch, identity.ErrIdentityChanged)
	}
	return nil
}
