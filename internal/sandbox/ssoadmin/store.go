package ssoadmin

import (
	"sort"
	"sync"
	"time"
)

// MaxTrustedTokenIssuers is the per-instance quota of trusted token issuers.
const MaxTrustedTokenIssuers = 10

// Store holds one account's Identity Center instance and its configuration.
type Store struct {
	account string

	mu       sync.RWMutex
	instance Instance
	ttis     map[string]TrustedTokenIssuer
	apps     map[string]*appState
}

// NewStore returns a store with one fresh instance owned by account.
func NewStore(account string) *Store {
	inst := newInstance(account)
	inst.CreatedDate = time.Now().UTC().Truncate(time.Second)
	return &Store{account: account, instance: inst, ttis: map[string]TrustedTokenIssuer{}, apps: map[string]*appState{}}
}

// Account is the owning AWS account.
func (s *Store) Account() string { return s.account }

// Instance returns the Identity Center instance.
func (s *Store) Instance() Instance {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.instance
}

// Application returns the application with that ARN.
func (s *Store) Application(arn string) (Application, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[arn]
	if !ok {
		return Application{}, false
	}
	return a.App, true
}

// TrustedTokenIssuer returns the trusted token issuer with that ARN.
func (s *Store) TrustedTokenIssuer(arn string) (TrustedTokenIssuer, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.ttis[arn]
	return t, ok
}

// Grant returns the application's grant of that type.
func (s *Store) Grant(appARN, grantType string) (Grant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[appARN]
	if !ok {
		return Grant{}, false
	}
	g, ok := a.Grants[grantType]
	return cloneGrant(g), ok
}

// Scopes returns the application's access scopes, sorted.
func (s *Store) Scopes(appARN string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[appARN]
	if !ok {
		return nil
	}
	out := make([]string, 0, len(a.Scopes))
	for k := range a.Scopes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ActorPolicy returns the application's IAM authentication method policy.
func (s *Store) ActorPolicy(appARN string) ([]byte, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[appARN]
	if !ok {
		return nil, false
	}
	p, ok := a.AuthMethods[AuthMethodIAM]
	return append([]byte(nil), p...), ok
}

func cloneGrant(g Grant) Grant {
	c := Grant{Type: g.Type, RedirectURIs: append([]string(nil), g.RedirectURIs...)}
	for _, t := range g.AuthorizedTokenIssuers {
		c.AuthorizedTokenIssuers = append(c.AuthorizedTokenIssuers, AuthorizedTokenIssuer{
			TrustedTokenIssuerARN: t.TrustedTokenIssuerARN,
			AuthorizedAudiences:   append([]string(nil), t.AuthorizedAudiences...),
		})
	}
	return c
}

// app returns the application state; callers hold the lock.
func (s *Store) app(arn string) (*appState, error) {
	a, ok := s.apps[arn]
	if !ok {
		return nil, errAppNotFound(arn)
	}
	return a, nil
}

func (s *Store) checkInstance(arn string) error {
	if arn != s.instance.ARN {
		return errNotFound("Instance %s does not exist", arn)
	}
	return nil
}
