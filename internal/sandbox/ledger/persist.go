package ledger

import (
	"encoding/json"
	"fmt"
)

// saved is the Snapshot document.
type saved struct {
	Seq     int64   `json:"seq"`
	Entries []Entry `json:"entries"`
}

// Snapshot returns the entries and the last sequence number, for Restore.
func (l *Ledger) Snapshot() ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, err := json.Marshal(saved{Seq: l.seq, Entries: l.entries})
	if err != nil {
		return nil, fmt.Errorf("snapshot ledger: %w", err)
	}
	return b, nil
}

// Restore replaces the ledger with a Snapshot: later entries continue its
// sequence. Empty data (a world saved before the ledger was kept)
// restores nothing.
func (l *Ledger) Restore(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	var s saved
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("restore ledger: %w", err)
	}
	for i, e := range s.Entries {
		if e.Seq > s.Seq || (i > 0 && e.Seq <= s.Entries[i-1].Seq) {
			return fmt.Errorf("restore ledger: entry %d has sequence %d out of order", i, e.Seq)
		}
	}
	if len(s.Entries) > l.max {
		s.Entries = s.Entries[len(s.Entries)-l.max:]
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq, l.entries = s.Seq, s.Entries
	return nil
}
