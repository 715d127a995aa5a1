package qbusiness

import (
	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type sourceAttribution struct {
	Title               string        `json:"title,omitempty"`
	Snippet             string        `json:"snippet,omitempty"`
	URL                 string        `json:"url,omitempty"`
	CitationNumber      int           `json:"citationNumber"`
	UpdatedAt           float64       `json:"updatedAt,omitempty"`
	TextMessageSegments []textSegment `json:"textMessageSegments,omitempty"`
}

type textSegment struct {
	BeginOffset    int             `json:"beginOffset"`
	EndOffset      int             `json:"endOffset"`
	SnippetExcerpt *snippetExcerpt `json:"snippetExcerpt,omitempty"`
}

type snippetExcerpt struct {
	Text string `json:"text"`
}

// attributions converts retrieval citations to sourceAttributions.
func attributions(cs []retrieval.Citation) []sourceAttribution {
	out := make([]sourceAttribution, 0, len(cs))
	for _, c := range cs {
		sa := sourceAttribution{Title: c.Title, Snippet: c.Snippet, URL: c.URL, CitationNumber: c.Number}
		if !c.UpdatedAt.IsZero() {
			sa.UpdatedAt = wire.Epoch(c.UpdatedAt)
		}
		for _, sg := range c.Segments {
			sa.TextMessageSegments = append(sa.TextMessageSegments, textSegment{BeginOffset: sg.Begin, EndOffset: sg.End,
				SnippetExcerpt: &snippetExcerpt{Text: sg.Excerpt}})
		}
		out = append(out, sa)
	}
	return out
}
