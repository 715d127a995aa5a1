package qbusiness

import (
	"encoding/json"
	"fmt"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
)

type snapshot struct {
	Seq  int64                   `json:"seq"`
	Apps map[string]*application `json:"apps"`
}

// Snapshot returns the service state as JSON (for --state persistence).
func (s *Service) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := json.Marshal(snapshot{Seq: s.seq, Apps: s.apps})
	if err != nil {
		return nil, fmt.Errorf("snapshot qbusiness: %w", err)
	}
	return b, nil
}

// Restore replaces the service state with a Snapshot, rebuilding the
// retrieval indexes and group stores.
func (s *Service) Restore(b []byte) error {
	var snap snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return fmt.Errorf("restore qbusiness: %w", err)
	}
	if snap.Apps == nil {
		snap.Apps = map[string]*application{}
	}
	for _, a := range snap.Apps {
		a.initMaps()
		for _, ix := range a.Indices {
			ix.rebuild()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq, s.apps = snap.Seq, snap.Apps
	return nil
}

func (a *application) initMaps() {
	if a.Indices == nil {
		a.Indices = map[string]*index{}
	}
	if a.Retrievers == nil {
		a.Retrievers = map[string]*retriever{}
	}
	if a.WebExperiences == nil {
		a.WebExperiences = map[string]*webExperience{}
	}
	if a.Conversations == nil {
		a.Conversations = map[string]*conversation{}
	}
	if a.Subscribed == nil {
		a.Subscribed = map[string]bool{}
	}
	if a.Replays == nil {
		a.Replays = map[string]*replay{}
	}
	if a.Tags == nil {
		a.Tags = map[string]string{}
	}
}

func (ix *index) rebuild() {
	ix.engine, ix.groupsSet = retrieval.NewIndex(), retrieval.NewGroupStore()
	if ix.Docs == nil {
		ix.Docs = map[string]*docRecord{}
	}
	if ix.Groups == nil {
		ix.Groups = map[string]*groupMeta{}
	}
	if ix.DataSources == nil {
		ix.DataSources = map[string]*dataSource{}
	}
	for _, r := range ix.Docs {
		ix.engine.Put(r.Doc)
	}
	for _, g := range ix.Groups {
		ix.groupsSet.Put(g.Name, g.Users, g.Groups)
	}
}
