package qchat_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// Each user's search finds only the project pages their ACLs let them read.
func TestSearchFindsOnlyReadableDocuments(t *testing.T) {
	w := startWorld(t)
	for _, tt := range []struct{ user, want, never string }{
		{scenario.Mary, "ACME", "AnyOrgApp"},
		{scenario.Mateo, "AnyOrgApp", "ACME"},
	} {
		c, _ := w.client(t, tt.user)
		hits, err := c.Search(context.Background(), "project budget", 10)
		if err != nil {
			t.Fatalf("%s: %v", tt.user, err)
		}
		if len(hits) == 0 || !strings.Contains(hits[0].Title, tt.want) {
			t.Errorf("%s: hits %+v, want %s first", tt.user, hits, tt.want)
		}
		for _, h := range hits {
			if strings.Contains(h.Title, tt.never) || h.URL == "" || h.Snippet == "" {
				t.Errorf("%s: hit %+v", tt.user, h)
			}
		}
	}
	if n := len(w.entries("ListRetrievers")); n != 2 {
		t.Errorf("ListRetrievers calls %d, want one per search", n)
	}
}

func TestSearchRefusesBadInput(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	for _, tt := range []struct {
		query string
		limit int
	}{{" ", 5}, {"ACME", 0}, {"ACME", qchat.MaxSearchResults + 1}} {
		if _, err := c.Search(context.Background(), tt.query, tt.limit); !errors.Is(err, qchat.ErrInvalidInput) {
			t.Errorf("Search(%q, %d) = %v, want ErrInvalidInput", tt.query, tt.limit, err)
		}
	}
	if n := len(w.entries("SearchRelevantContent")); n != 0 {
		t.Errorf("%d searches reached Q Business", n)
	}
}
