package retrieval

import (
	"strings"
	"time"
	"unicode/utf8"
)

// NoAnswerText is the canned reply when no readable document answers.
const NoAnswerText = "No answer is found."

// Answer shape limits.
const (
	defaultMaxCitations = 5
	maxSentences        = 3
	maxPerDocument      = 2
	topDocuments        = 8
	snippetRunes        = 300
)

// Segment attributes a part of Answer.Text to a citation. Begin and End are
// zero-based code point (rune) offsets into Answer.Text, End exclusive;
// Excerpt is the attributed text itself.
type Segment struct {
	Begin, End int
	Excerpt    string
}

// Citation is one source document of an answer, numbered from 1 in order of
// first appearance in the text.
type Citation struct {
	Number                                        int
	DocumentID, Title, URL, Snippet, DataSourceID string
	UpdatedAt                                     time.Time
	Segments                                      []Segment
}

// Answer is an extractive reply. NoAnswer is set (with Text = NoAnswerText
// and no citations) when nothing readable matched.
type Answer struct {
	Text      string
	Citations []Citation
	NoAnswer  bool
}

// AnswerOptions tunes Answer. MaxCitations <= 0 means 5. AttributeFilter, if
// set, must return true for a document to be used; it is called at most once
// per candidate document per question and must not block.
type AnswerOptions struct {
	MaxCitations    int
	AttributeFilter func(Document) bool
}

// noAnswer is the canned empty reply.
func noAnswer() Answer { return Answer{Text: NoAnswerText, NoAnswer: true} }

// Answer answers question for the caller from the documents the caller may
// read (groups are c.Groups plus g.GroupsOf(c.User); g may be nil).
func (ix *Index) Answer(question string, c Caller, g Groups, opts AnswerOptions) Answer {
	terms := queryTerms(question)
	if len(terms) == 0 {
		return noAnswer()
	}
	s := newSubject(c, g)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	v := ix.visibility(s)
	if v.n == 0 {
		return noAnswer()
	}
	q, hits := ix.rank(terms, v, opts.AttributeFilter, topDocuments)
	picks := pickSentences(q, hits, maxCitations(opts))
	if len(picks) == 0 {
		return noAnswer()
	}
	return compose(picks)
}

func maxCitations(o AnswerOptions) int {
	if o.MaxCitations <= 0 {
		return defaultMaxCitations
	}
	return o.MaxCitations
}

// compose joins the picked sentences into the answer text and builds the
// citations with their segments.
func compose(picks []pick) Answer {
	var b strings.Builder
	var cites []Citation
	byDoc := map[*entry]int{}
	offset := 0
	for i, p := range picks {
		if i > 0 {
			b.WriteString(" ")
			offset++
		}
		text := p.e.sentences[p.idx].text
		b.WriteString(text)
		seg := Segment{Begin: offset, End: offset + utf8.RuneCountInString(text), Excerpt: text}
		offset = seg.End
		ci, ok := byDoc[p.e]
		if !ok {
			ci = len(cites)
			byDoc[p.e] = ci
			cites = append(cites, newCitation(ci+1, p))
		}
		cites[ci].Segments = append(cites[ci].Segments, seg)
	}
	return Answer{Text: b.String(), Citations: cites}
}

func newCitation(number int, p pick) Citation {
	d := p.e.doc
	return Citation{
		Number:       number,
		DocumentID:   d.ID,
		Title:        d.Title,
		URL:          d.URL,
		Snippet:      snippet(p.e, p.idx),
		DataSourceID: d.DataSourceID,
		UpdatedAt:    d.UpdatedAt,
	}
}

// snippet is the cited sentence, extended with the following sentences of
// the same document while it stays within snippetRunes.
func snippet(e *entry, idx int) string {
	out := e.sentences[idx].text
	n := utf8.RuneCountInString(out)
	for j := idx + 1; j < len(e.sentences); j++ {
		next := e.sentences[j].text
		m := utf8.RuneCountInString(next)
		if n+1+m > snippetRunes {
			break
		}
		out += " " + next
		n += 1 + m
	}
	return out
}
