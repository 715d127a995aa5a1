package retrieval_test

import (
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval/corpus"
)

func TestSearch(t *testing.T) {
	docs := corpus.Demo()
	ix := demoIndex(docs)
	tests := []struct {
		name    string
		query   string
		caller  retrieval.Caller
		max     int
		first   string
		wantLen int // -1: any non-zero
	}{
		{"mary budget", "project budget", mary, 0, "acme-budget", -1},
		{"mateo budget", "project budget", mateo, 0, "anyorgapp-budget", -1},
		{"limit", "team", mary, 1, "acme-team", 1},
		{"nothing", "weather on mars", mary, 0, "", 0},
		{"stop words", "what is the", mary, 0, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := ix.Search(tt.query, tt.caller, nil, retrieval.SearchOptions{MaxResults: tt.max})
			if tt.wantLen >= 0 && len(rs) != tt.wantLen || tt.wantLen < 0 && len(rs) == 0 {
				t.Fatalf("%d results", len(rs))
			}
			if len(rs) > 0 && rs[0].DocumentID != tt.first {
				t.Fatalf("first result %s, want %s", rs[0].DocumentID, tt.first)
			}
			for i, r := range rs {
				d, _ := ix.Get(r.DocumentID)
				if !ix.CanRead(d, tt.caller, nil) || !strings.Contains(squash(d.Content), squash(r.Content)) || r.Content == "" {
					t.Fatalf("result %s not readable or content not from it", r.DocumentID)
				}
				if i > 0 && r.Score > rs[i-1].Score {
					t.Fatal("results not sorted by score")
				}
			}
		})
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
