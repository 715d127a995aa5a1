package groupsync

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/qbiz/qbiz/internal/atomicfile"
)

// Record is what the last sync put into one index, kept in a file because
// Q Business does not return a group's members.
type Record struct {
	Groups map[string]Applied `json:"groups"`
}

// Applied is one group as put: its members and the lastUpdatedAt that
// GetGroup reported just after.
type Applied struct {
	Members   []string  `json:"members"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// RecordPath is where the record of t lives under dir; t's ids must
// pass Check.
func RecordPath(dir string, t Target) (string, error) {
	if err := t.Check(); err != nil {
		return "", err
	}
	return filepath.Join(dir, "groups-"+t.ApplicationID+"-"+t.IndexID+".json"), nil
}

// LoadRecord reads the record at path; a missing file is an empty record.
func LoadRecord(path string) (Record, error) {
	rec := Record{Groups: map[string]Applied{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return rec, nil
	}
	if err != nil {
		return rec, fmt.Errorf("read sync record: %w", err)
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return rec, fmt.Errorf("sync record %s is damaged (delete it to sync every group again): %w", path, err)
	}
	if rec.Groups == nil {
		rec.Groups = map[string]Applied{}
	}
	return rec, nil
}

// Save writes the record atomically (temp file, fsync, rename), 0600.
func (r Record) Save(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save sync record: %w", err)
	}
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("save sync record: %w", err)
	}
	return nil
}
