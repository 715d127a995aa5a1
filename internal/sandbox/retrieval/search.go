package retrieval

import "time"

// Search limits.
const (
	defaultSearchResults = 10
	maxSearchResults     = 100
)

// SearchOptions tunes Search. MaxResults <= 0 means 10; it is capped at 100.
type SearchOptions struct {
	MaxResults      int
	AttributeFilter func(Document) bool
}

// Result is one ranked document for a search (SearchRelevantContent style).
type Result struct {
	DocumentID, Title, URL, DataSourceID string
	// Content is the best matching passage of the document.
	Content    string
	Score      float64
	Attributes map[string]string
	UpdatedAt  time.Time
}

// Search returns the caller's readable documents that match query, best
// first, with the same ACL filtering and ranking as Answer.
func (ix *Index) Search(query string, c Caller, g Groups, opts SearchOptions) []Result {
	terms := queryTerms(query)
	if len(terms) == 0 {
		return nil
	}
	limit := opts.MaxResults
	if limit <= 0 {
		limit = defaultSearchResults
	}
	s := newSubject(c, g)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	v := ix.visibility(s)
	if v.n == 0 {
		return nil
	}
	q, hits := ix.rank(terms, v, opts.AttributeFilter, min(limit, maxSearchResults))
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		out = append(out, result(q, h))
	}
	return out
}

func result(q query, h hit) Result {
	d := h.e.doc.clone()
	r := Result{
		DocumentID: d.ID, Title: d.Title, URL: d.URL, DataSourceID: d.DataSourceID,
		Score: h.score, Attributes: d.Attributes, UpdatedAt: d.UpdatedAt,
	}
	if picks := pickSentences(q, []hit{h}, 1); len(picks) > 0 {
		r.Content = snippet(h.e, picks[0].idx)
	} else if len(h.e.sentences) > 0 {
		r.Content = snippet(h.e, 0)
	}
	return r
}
