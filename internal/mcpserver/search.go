package mcpserver

import (
	"context"

	"github.com/qbiz/qbiz/internal/qchat"
)

// defaultSearchResults is how many results a search returns unless asked.
const defaultSearchResults = 5

// SearchInput is the search tool's arguments.
type SearchInput struct {
	Query      string `json:"query" jsonschema:"what to look for"`
	MaxResults int    `json:"maxResults,omitempty" jsonschema:"at most this many results, 1 to 100 (default 5)"`
}

// SearchOutput is the matching documents, best first.
type SearchOutput struct {
	Results []SearchResult `json:"results"`
}

// SearchResult is one document the user may read.
type SearchResult struct {
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
	Snippet string `json:"snippet"`
}

func (s *Server) search(ctx context.Context, in SearchInput) (SearchOutput, error) {
	c, err := s.chat(ctx)
	if err != nil {
		return SearchOutput{}, err
	}
	limit := in.MaxResults
	if limit == 0 {
		limit = defaultSearchResults
	}
	hits, err := c.Search(ctx, in.Query, limit)
	if err != nil {
		return SearchOutput{}, err
	}
	return searchOutput(hits), nil
}

func searchOutput(hits []qchat.Hit) SearchOutput {
	out := SearchOutput{Results: make([]SearchResult, 0, len(hits))}
	for _, h := range hits {
		out.Results = append(out.Results, SearchResult{Title: h.Title, URL: h.URL, Snippet: h.Snippet})
	}
	return out
}
