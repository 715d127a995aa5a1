package secrets

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Version is one version of a secret's value.
type Version struct {
	ID      string    `json:"id"`
	String  *string   `json:"string,omitempty"`
	Binary  []byte    `json:"binary,omitempty"`
	Stages  []string  `json:"stages"`
	Created time.Time `json:"created"`
}

// Tag is a secret tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Secret is one stored secret.
type Secret struct {
	ARN          string              `json:"arn"`
	Name         string              `json:"name"`
	Description  string              `json:"description,omitempty"`
	KmsKeyID     string              `json:"kms_key_id,omitempty"`
	Tags         []Tag               `json:"tags,omitempty"`
	Created      time.Time           `json:"created"`
	LastChanged  time.Time           `json:"last_changed"`
	LastAccessed time.Time           `json:"last_accessed,omitzero"`
	DeletedDate  time.Time           `json:"deleted_date,omitzero"`
	DeletionDate time.Time           `json:"deletion_date,omitzero"`
	Versions     map[string]*Version `json:"versions"`
}

// scheduled reports whether the secret is marked for deletion.
func (s *Secret) scheduled() bool { return !s.DeletedDate.IsZero() }

// Store holds secrets by ARN.
type Store struct {
	// Now is the clock; tests may replace it before use.
	Now func() time.Time

	mu      sync.Mutex
	secrets map[string]*Secret
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{Now: time.Now, secrets: map[string]*Secret{}} }

func (s *Store) now() time.Time { return s.Now().UTC() }

// purge drops secrets whose recovery window has passed; callers hold the lock.
func (s *Store) purge() {
	now := s.now()
	for arn, sec := range s.secrets {
		if sec.scheduled() && !now.Before(sec.DeletionDate) {
			delete(s.secrets, arn)
		}
	}
}

// scope is the ARN prefix of an account and region's secrets.
func scope(region, account string) string {
	return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:"
}

// resolve finds a secret by name, full ARN or partial ARN (without the
// random suffix) within the caller's account and region.
func (s *Store) resolve(prefix, id string) (*Secret, bool) {
	s.purge()
	if sec, ok := s.secrets[id]; ok && strings.HasPrefix(id, prefix) {
		return sec, true
	}
	name := strings.TrimPrefix(id, prefix)
	if strings.HasPrefix(id, "arn:") && name == id {
		return nil, false
	}
	for arn, sec := range s.secrets {
		if strings.HasPrefix(arn, prefix) && sec.Name == name {
			return sec, true
		}
	}
	return nil, false
}

const suffixChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = suffixChars[int(b[i])%len(suffixChars)]
	}
	return string(b)
}

// Snapshot returns the store's state as JSON.
func (s *Store) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := json.Marshal(s.secrets)
	if err != nil {
		return nil, fmt.Errorf("secrets snapshot: %w", err)
	}
	return b, nil
}

// Restore replaces the store's state with a Snapshot.
func (s *Store) Restore(data []byte) error {
	m := map[string]*Secret{}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("secrets restore: %w", err)
	}
	for arn, sec := range m {
		if sec == nil || sec.Versions == nil {
			return fmt.Errorf("secrets restore: secret %s is incomplete", arn)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets = m
	return nil
}
