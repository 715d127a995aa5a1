package awsauth

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

const tokenPurpose = "sts-session-token"

// Credentials are AWS credentials as STS returns them.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
}

// SDK returns the credentials as aws.Credentials.
func (c Credentials) SDK() aws.Credentials {
	return aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey,
		SessionToken: c.SessionToken, CanExpire: !c.Expiration.IsZero(), Expires: c.Expiration}
}

// sessionClaims is what a session token seals.
type sessionClaims struct {
	AccessKeyID string    `json:"k"`
	Secret      string    `json:"s"`
	Principal   Principal `json:"p"`
}

type longTermKey struct {
	secret    string
	principal Principal
}

// Authority mints and resolves credentials.
type Authority struct {
	sealer *Sealer
	now    func() time.Time

	mu           sync.RWMutex
	keys         map[string]longTermKey
	revokeBefore time.Time
}

// NewAuthority returns an Authority sealing with key (32 bytes).
func NewAuthority(key []byte, now func() time.Time) (*Authority, error) {
	s, err := NewSealer(key)
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &Authority{sealer: s, now: now, keys: map[string]longTermKey{}}, nil
}

// Sealer exposes the sealer for other sealed values (context assertions).
func (a *Authority) Sealer() *Sealer { return a.sealer }

// Now is the authority's clock.
func (a *Authority) Now() time.Time { return a.now() }

// AddLongTermKey registers an IAM user access key (AKIA…).
func (a *Authority) AddLongTermKey(accessKeyID, secret string, p Principal) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys[accessKeyID] = longTermKey{secret: secret, principal: p}
}

// NewLongTermKey creates and registers a random AKIA key for p.
func (a *Authority) NewLongTermKey(p Principal) Credentials {
	c := Credentials{AccessKeyID: "AKIA" + randomString(16, upperAlnum), SecretAccessKey: randomString(40, secretChars)}
	a.AddLongTermKey(c.AccessKeyID, c.SecretAccessKey, p)
	return c
}

// RevokeSessionsIssuedBefore makes every session issued before t invalid,
// like the AWSRevokeOlderSessions policy.
func (a *Authority) RevokeSessionsIssuedBefore(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.revokeBefore = t
}

// RevokedBefore is the cut-off set by RevokeSessionsIssuedBefore (zero when
// nothing was revoked), so a restarted sandbox can keep it.
func (a *Authority) RevokedBefore() time.Time {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.revokeBefore
}

// Mint issues temporary credentials (ASIA…) for p valid for d.
func (a *Authority) Mint(p Principal, d time.Duration) (Credentials, error) {
	now := a.now().UTC()
	// IssuedAt keeps full precision: a revocation at instant T must not hit
	// sessions minted later within the same second.
	p.IssuedAt = now
	p.ExpiresAt = now.Add(d).Truncate(time.Second)
	c := sessionClaims{AccessKeyID: "ASIA" + randomString(16, upperAlnum), Secret: randomString(40, secretChars), Principal: p}
	tok, err := a.sealer.Seal(tokenPurpose, c)
	if err != nil {
		return Credentials{}, fmt.Errorf("mint credentials: %w", err)
	}
	return Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.Secret, SessionToken: "IQoJ" + tok, Expiration: p.ExpiresAt}, nil
}

// Failure reasons of Resolve, mapped to protocol codes by the verifier.
var (
	ErrUnknownKey    = errors.New("unknown access key")
	ErrBadToken      = errors.New("invalid security token")
	ErrExpiredToken  = errors.New("expired security token")
	ErrRevokedToken  = errors.New("revoked security token")
	ErrMissingToken  = errors.New("missing security token")
	ErrUnexpectedTok = errors.New("security token sent with a long-term key")
)

// Resolve returns the secret and principal behind an access key and session token.
func (a *Authority) Resolve(accessKeyID, sessionToken string) (string, Principal, error) {
	if strings.HasPrefix(accessKeyID, "ASIA") {
		return a.resolveSession(accessKeyID, sessionToken)
	}
	a.mu.RLock()
	k, ok := a.keys[accessKeyID]
	a.mu.RUnlock()
	if !ok {
		return "", Principal{}, ErrUnknownKey
	}
	if sessionToken != "" {
		return "", Principal{}, ErrUnexpectedTok
	}
	return k.secret, k.principal, nil
}

func (a *Authority) resolveSession(accessKeyID, token string) (string, Principal, error) {
	if token == "" {
		return "", Principal{}, ErrMissingToken
	}
	var c sessionClaims
	if !strings.HasPrefix(token, "IQoJ") || a.sealer.Open(tokenPurpose, token[4:], &c) != nil {
		return "", Principal{}, ErrBadToken
	}
	if c.AccessKeyID != accessKeyID {
		return "", Principal{}, ErrBadToken
	}
	if !a.now().Before(c.Principal.ExpiresAt) {
		return "", Principal{}, ErrExpiredToken
	}
	a.mu.RLock()
	revoked := c.Principal.IssuedAt.Before(a.revokeBefore)
	a.mu.RUnlock()
	if revoked {
		return "", Principal{}, ErrRevokedToken
	}
	return c.Secret, c.Principal, nil
}

const (
	upperAlnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// RandomID returns n random characters of [A-Z2-7], for resource ids.
func RandomID(n int) string { return randomString(n, upperAlnum) }
