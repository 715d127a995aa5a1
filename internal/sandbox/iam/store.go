package iam

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

// AdministratorAccessARN is the AWS managed policy every sandbox admin holds.
const AdministratorAccessARN = "arn:aws:iam::aws:policy/AdministratorAccess"

const adminPolicyDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// Store is the IAM state of one account.
type Store struct {
	account string
	now     func() time.Time
	docs    docCache

	mu sync.RWMutex
	st *state
}

// NewStore returns an empty account with the AWS managed policies.
func NewStore(account string) *Store {
	return &Store{account: account, now: time.Now, st: newState()}
}

// SetClock replaces the store's clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Account is the account id.
func (s *Store) Account() string { return s.account }

var awsManaged = map[string]*policyRecord{
	AdministratorAccessARN: {ARN: AdministratorAccessARN, Name: "AdministratorAccess", Path: "/",
		ID: "ANPAIWMBCKSKIEE64ZLYK", Document: adminPolicyDoc, CreateDate: time.Date(2015, 2, 6, 18, 39, 46, 0, time.UTC)},
}

// policyLocked returns a managed policy by ARN (customer or AWS managed).
func (s *Store) policyLocked(arn string) (*policyRecord, bool) {
	if p, ok := awsManaged[arn]; ok {
		return p, true
	}
	p, ok := s.st.Policies[arn]
	return p, ok
}

func (s *Store) arn(kind, pathAndName string) string {
	return "arn:aws:iam::" + s.account + ":" + kind + "/" + strings.TrimPrefix(pathAndName, "/")
}

// Snapshot returns the store's state as JSON.
func (s *Store) Snapshot() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := json.Marshal(s.st)
	if err != nil {
		return nil, fmt.Errorf("iam snapshot: %w", err)
	}
	return b, nil
}

// Restore replaces the store's state with a Snapshot.
func (s *Store) Restore(b []byte) error {
	st := newState()
	if err := json.Unmarshal(b, st); err != nil {
		return fmt.Errorf("iam restore: %w", err)
	}
	for _, m := range []bool{st.Roles == nil, st.OIDC == nil, st.SAML == nil, st.Policies == nil, st.Users == nil} {
		if m {
			return fmt.Errorf("iam restore: incomplete snapshot")
		}
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

func newID(prefix string) string { return prefix + awsauth.RandomID(17) }
