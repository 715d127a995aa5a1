package ssoadmin

import (
	"encoding/json"
	"fmt"
)

type snapshot struct {
	Account  string                        `json:"account"`
	Instance Instance                      `json:"instance"`
	TTIs     map[string]TrustedTokenIssuer `json:"trusted_token_issuers"`
	Apps     map[string]*appState          `json:"applications"`
}

// Snapshot returns the store's state as JSON.
func (s *Store) Snapshot() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := json.Marshal(snapshot{Account: s.account, Instance: s.instance, TTIs: s.ttis, Apps: s.apps})
	if err != nil {
		return nil, fmt.Errorf("sso-admin snapshot: %w", err)
	}
	return b, nil
}

// Restore replaces the store's state with a Snapshot.
func (s *Store) Restore(data []byte) error {
	var snap snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return fmt.Errorf("sso-admin restore: %w", err)
	}
	if snap.Instance.ARN == "" || len(snap.Instance.ARN) <= len("arn:aws:sso:::instance/") {
		return fmt.Errorf("sso-admin restore: snapshot has no instance")
	}
	if snap.TTIs == nil {
		snap.TTIs = map[string]TrustedTokenIssuer{}
	}
	if snap.Apps == nil {
		snap.Apps = map[string]*appState{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account, s.instance, s.ttis, s.apps = snap.Account, snap.Instance, snap.TTIs, snap.Apps
	return nil
}
