package qbusiness

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Search limits: a search ranks at most maxSearchHits documents, served
// defaultSearchPage at a time unless maxResults says otherwise.
const (
	maxSearchHits     = 100
	defaultSearchPage = 10
)

type searchInput struct {
	QueryText       *string          `json:"queryText"`
	ContentSource   *contentSource   `json:"contentSource"`
	AttributeFilter *attributeFilter `json:"attributeFilter"`
	MaxResults      *int             `json:"maxResults"`
	NextToken       *string          `json:"nextToken"`
}

// contentSource is the model's ContentSource union; retriever is its only member.
type contentSource struct {
	Retriever *struct {
		RetrieverID *string `json:"retrieverId"`
	} `json:"retriever"`
}

type relevantContent struct {
	Content            string            `json:"content,omitempty"`
	DocumentID         string            `json:"documentId"`
	DocumentTitle      string            `json:"documentTitle,omitempty"`
	DocumentURI        string            `json:"documentUri,omitempty"`
	DocumentAttributes []stringAttribute `json:"documentAttributes,omitempty"`
	ScoreAttributes    scoreAttributes   `json:"scoreAttributes"`
}

// stringAttribute is a DocumentAttribute whose value is a stringValue.
type stringAttribute struct {
	Name  string `json:"name"`
	Value struct {
		StringValue string `json:"stringValue"`
	} `json:"value"`
}

type scoreAttributes struct {
	ScoreConfidence string `json:"scoreConfidence"`
}

// validate checks what the model requires of SearchRelevantContent.
func (in *searchInput) validate() *wire.Error {
	if in.QueryText == nil {
		return invalidField("queryText", "Value at 'queryText' failed to satisfy constraint: Member must not be null")
	}
	if in.ContentSource == nil {
		return invalidField("contentSource", "Value at 'contentSource' failed to satisfy constraint: Member must not be null")
	}
	if in.ContentSource.Retriever == nil {
		return invalidField("contentSource", "Value at 'contentSource' must set exactly one member")
	}
	id := in.ContentSource.Retriever.RetrieverID
	if id == nil {
		return invalidField("contentSource.retriever.retrieverId", "Value at 'contentSource.retriever.retrieverId' failed to satisfy constraint: Member must not be null")
	}
	if e := checkID("contentSource.retriever.retrieverId", *id); e != nil {
		return e
	}
	if in.NextToken != nil {
		return checkLen("nextToken", *in.NextToken, 1, 800)
	}
	return nil
}

func (in *searchInput) retrieverID() string { return *in.ContentSource.Retriever.RetrieverID }

// pageSize is maxResults (the model sets no bounds) within 1..maxSearchHits.
func (in *searchInput) pageSize() int {
	if in.MaxResults == nil || *in.MaxResults < 1 {
		return defaultSearchPage
	}
	return min(*in.MaxResults, maxSearchHits)
}

// scope ties a nextToken to one user, application, retriever and query.
func (in *searchInput) scope(user, appID string) string {
	h := sha256.Sum256([]byte(*in.QueryText))
	return "search:" + appID + ":" + in.retrieverID() + ":" + user + ":" + hex.EncodeToString(h[:])
}

// searchRelevantContent serves SearchRelevantContent: the documents of the
// retriever's index that the signed-in user may read, under the same ACL
// filter and ranking as Chat, best first.
func (s *Service) searchRelevantContent(c *call) (any, *wire.Error) {
	var in searchInput
	if e := c.decodeValid(&in); e != nil {
		return nil, e
	}
	user, ix, e := s.searchTarget(c, &in)
	if e != nil {
		return nil, e
	}
	opts := retrieval.SearchOptions{MaxResults: maxSearchHits}
	if in.AttributeFilter != nil {
		opts.AttributeFilter = in.AttributeFilter.match
	}
	hits := ix.engine.Search(*in.QueryText, retrieval.Caller{User: user}, ix.groupsSet, opts)
	token := ""
	if in.NextToken != nil {
		token = *in.NextToken
	}
	return listPage(s.pager, in.scope(user, c.label("applicationId")), token, in.pageSize(), hits, "relevantContent", relevantView(hits))
}

// searchTarget resolves, under s.mu, the end user and the index behind the
// retriever the search names.
func (s *Service) searchTarget(c *call, in *searchInput) (string, *index, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return "", nil, e
	}
	user, e := s.endUser(c, a)
	if e != nil {
		return "", nil, e
	}
	rt, e := retrieverMember().in(a, in.retrieverID())
	if e != nil {
		return "", nil, e
	}
	ix, e := indexMember().in(a, rt.IndexID)
	if e != nil {
		return "", nil, e
	}
	return user, ix, nil
}

// relevantView renders one hit, its confidence relative to the best hit.
func relevantView(hits []retrieval.Result) func(retrieval.Result) relevantContent {
	top := 0.0
	if len(hits) > 0 {
		top = hits[0].Score
	}
	return func(h retrieval.Result) relevantContent {
		return relevantContent{Content: h.Content, DocumentID: h.DocumentID, DocumentTitle: h.Title, DocumentURI: h.URL,
			DocumentAttributes: attributeList(h.Attributes), ScoreAttributes: scoreAttributes{confidence(h.Score, top)}}
	}
}

func confidence(score, top float64) string {
	if top <= 0 {
		return "NOT_AVAILABLE"
	}
	switch r := score / top; {
	case r >= 0.75:
		return "VERY_HIGH"
	case r >= 0.5:
		return "HIGH"
	case r >= 0.25:
		return "MEDIUM"
	}
	return "LOW"
}

// attributeList renders stored attributes as string-valued DocumentAttributes, by name.
func attributeList(attrs map[string]string) []stringAttribute {
	out := make([]stringAttribute, 0, len(attrs))
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		a := stringAttribute{Name: name}
		a.Value.StringValue = attrs[name]
		out = append(out, a)
	}
	return out
}
