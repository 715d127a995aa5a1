package gateway

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/session"
)

// pending is a sign-in between /login and the IdP's answer, kept sealed
// in the store under a key derived from its state (OIDC) or RelayState
// (SAML) and bound to the browser by the tx cookie holding Binding.
type pending struct {
	IdP     string                `json:"idp"`
	Return  string                `json:"return"`
	Binding string                `json:"binding"`
	OIDC    *oidcauth.Transaction `json:"oidc,omitempty"`
	SAML    *samlauth.Request     `json:"saml,omitempty"`
}

var (
	// errNoTransaction: no sign-in under that state (never begun, already
	// completed, or expired).
	errNoTransaction = errors.New("this sign-in was already used or has expired")
	// errNotThisBrowser: the tx cookie is missing or names another sign-in.
	errNotThisBrowser = errors.New("this sign-in was not started in this browser")
)

// txKey is the store key of the sign-in whose state or RelayState is v:
// a hash, so the store never holds the value the IdP echoes.
func txKey(v string) string {
	sum := sha256.Sum256([]byte("qbiz-tx\x00" + v))
	return "tx:" + hex.EncodeToString(sum[:])
}

// putPending seals t and keeps it for txTTL.
func (s *Server) putPending(ctx context.Context, state string, t *pending) error {
	plain, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("keep sign-in: %w", err)
	}
	key := txKey(state)
	sealed, err := s.d.Sealer.Seal(key, plain)
	if err != nil {
		return fmt.Errorf("keep sign-in: %w", err)
	}
	if err := s.d.Store.PutTransaction(ctx, key, sealed, txTTL); err != nil {
		return fmt.Errorf("keep sign-in: %w", err)
	}
	return nil
}

// takePending removes and returns the sign-in of state, once, and checks
// that r carries its tx cookie. The cookie is checked first, so a request
// without one consumes nothing.
func (s *Server) takePending(r *http.Request, state string) (*pending, error) {
	binding := cookieValue(r, txCookie)
	if binding == "" || state == "" {
		return nil, errNotThisBrowser
	}
	key := txKey(state)
	sealed, err := s.d.Store.TakeTransaction(r.Context(), key)
	if errors.Is(err, session.ErrNotFound) {
		return nil, errNoTransaction
	}
	if err != nil {
		return nil, fmt.Errorf("read sign-in: %w", err)
	}
	plain, err := s.d.Sealer.Open(key, sealed)
	if err != nil {
		return nil, fmt.Errorf("read sign-in: %w", err)
	}
	var t pending
	if err := json.Unmarshal(plain, &t); err != nil {
		return nil, fmt.Errorf("read sign-in: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(binding), []byte(t.Binding)) != 1 {
		return nil, errNotThisBrowser
	}
	return &t, nil
}
