package oidcauth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Transaction is one login attempt: the values that bind the authorization
// response to the browser (or CLI) that started it. Store it server-side or
// sealed; it holds secrets. It is single-use: Complete consumes it.
type Transaction struct {
	State, Nonce, Verifier string
	RedirectURL            string
	CreatedAt              time.Time
	// Issuer is the provider the attempt started at; only that provider's
	// RelyingParty completes it (mix-up defence, RFC 9700 §4.4).
	Issuer string
}

// LogValue keeps the transaction's secrets out of logs.
func (tx *Transaction) LogValue() slog.Value {
	return slog.GroupValue(slog.String("redirect_url", tx.RedirectURL), slog.Time("created_at", tx.CreatedAt), slog.String("issuer", tx.Issuer))
}

// Begin starts a login attempt for redirectURL (cfg.RedirectURL when empty)
// and returns the authorization URL to send the person to. Every attempt has
// a fresh 256-bit state, nonce and PKCE S256 verifier.
func (rp *RelyingParty) Begin(redirectURL string) (authURL string, tx *Transaction, err error) {
	if redirectURL == "" {
		redirectURL = rp.cfg.RedirectURL
	}
	if redirectURL == "" {
		return "", nil, errors.New("begin login: no redirect URL")
	}
	tx = &Transaction{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(),
		RedirectURL: redirectURL, CreatedAt: rp.now(), Issuer: rp.md.Issuer}
	opts := append([]oauth2.AuthCodeOption{oidc.Nonce(tx.Nonce), oauth2.S256ChallengeOption(tx.Verifier)}, rp.maxAgeOption()...)
	authURL = rp.oauth2Config(redirectURL).AuthCodeURL(tx.State, opts...)
	return authURL, tx, nil
}

// randomString returns 256 random bits, base64url without padding.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// errOtherProvider: the transaction was begun at another provider. With an
// IdP that sends no iss in its responses (Entra ID, Google) this is the only
// mix-up defence (RFC 9700 §4.4).
var errOtherProvider = errors.New("the login attempt started at another identity provider")

// checkTransaction validates tx's shape and age.
func (rp *RelyingParty) checkTransaction(tx *Transaction) error {
	if tx == nil || tx.State == "" || tx.Nonce == "" || tx.Verifier == "" || tx.RedirectURL == "" {
		return fmt.Errorf("%w: no login attempt in progress", ErrStateMismatch)
	}
	if tx.Issuer != rp.md.Issuer {
		return fmt.Errorf("%w: %w: %q, not %q", ErrIssuerMismatch, errOtherProvider, tx.Issuer, rp.md.Issuer)
	}
	age := rp.now().Sub(tx.CreatedAt)
	if age > rp.cfg.TransactionTTL || age < -rp.cfg.ClockSkew {
		return ErrTransactionExpired
	}
	return nil
}

// stateKey is what the replay cache stores: a hash, never the state itself.
func stateKey(state string) string {
	sum := sha256.Sum256([]byte(state))
	return string(sum[:])
}

// String keeps the transaction's secrets out of %v formatting.
func (tx *Transaction) String() string {
	return "oidcauth.Transaction{issuer=" + tx.Issuer + " redirect=" + tx.RedirectURL + "}"
}
