package ssooidc

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// savedSessions is the ExportSessions document. Tokens and assertions are
// kept only as SHA-256 hashes, as the service holds them.
type savedSessions struct {
	// Active and Used map refresh token hashes to their session; a used
	// token presented again revokes its family.
	Active map[string]savedRefresh `json:"active_refresh_tokens"`
	Used   map[string]savedRefresh `json:"used_refresh_tokens"`
	// Revoked lists revoked token families.
	Revoked []string `json:"revoked_families"`
	// Exchanged maps exchanged assertion hashes to when they may be
	// forgotten, so a replay is refused across a restart too.
	Exchanged map[string]time.Time `json:"exchanged_assertions"`
}

type savedRefresh struct {
	App     string    `json:"application_arn"`
	UserID  string    `json:"user_id"`
	Scopes  []string  `json:"scopes"`
	Family  string    `json:"family"`
	Expires time.Time `json:"expires"`
}

// ExportSessions returns the Identity Center sessions for RestoreSessions,
// so a restarted sandbox still honours the refresh tokens it issued, as
// AWS does.
func (s *Service) ExportSessions() ([]byte, error) {
	now := s.now()
	doc := savedSessions{Exchanged: map[string]time.Time{}}
	r := s.refresh
	r.mu.Lock()
	r.prune(now)
	doc.Active, doc.Used = savedRefreshes(r.active), savedRefreshes(r.used)
	doc.Revoked = slices.Sorted(maps.Keys(r.revoked))
	r.mu.Unlock()
	s.replayMu.Lock()
	for h, until := range s.seen {
		if now.Before(until) {
			doc.Exchanged[h] = until
		}
	}
	s.replayMu.Unlock()
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("export identity center sessions: %w", err)
	}
	return b, nil
}

// RestoreSessions adds the sessions ExportSessions returned; empty data
// (a world saved before sessions were kept) restores nothing.
func (s *Service) RestoreSessions(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	var doc savedSessions
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("restore identity center sessions: %w", err)
	}
	r := s.refresh
	r.mu.Lock()
	for h, v := range doc.Active {
		r.active[h] = v.session()
	}
	for h, v := range doc.Used {
		r.used[h] = v.session()
	}
	for _, fam := range doc.Revoked {
		r.revoked[fam] = true
	}
	r.mu.Unlock()
	s.replayMu.Lock()
	maps.Copy(s.seen, doc.Exchanged)
	s.replayMu.Unlock()
	return nil
}

func savedRefreshes(m map[string]refreshSession) map[string]savedRefresh {
	out := make(map[string]savedRefresh, len(m))
	for h, v := range m {
		out[h] = savedRefresh{App: v.App, UserID: v.UserID, Scopes: v.Scopes, Family: v.Family, Expires: v.Expires}
	}
	return out
}

func (v savedRefresh) session() refreshSession {
	return refreshSession{App: v.App, UserID: v.UserID, Scopes: v.Scopes, Family: v.Family, Expires: v.Expires}
}
