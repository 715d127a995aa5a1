package retrieval_test

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval/corpus"
)

var (
	mary  = retrieval.Caller{User: corpus.Mary, Groups: []string{corpus.CoreTeam}}
	mateo = retrieval.Caller{User: corpus.Mateo, Groups: []string{corpus.AnyOrgTeam}}
	demo1 = retrieval.Caller{User: corpus.Demo1, Groups: []string{corpus.CoreTeam}}
	nobod = retrieval.Caller{User: "nobody@example.com"}
)

func demoIndex(docs []retrieval.Document) *retrieval.Index {
	ix := retrieval.NewIndex()
	for _, d := range docs {
		ix.Put(d)
	}
	return ix
}

// roughSentences splits content the simple way; good enough to find
// sentences of unreadable documents in an answer.
func roughSentences(content string) []string {
	var out []string
	for _, line := range strings.Split(content, "\n") {
		for _, s := range strings.SplitAfter(line, ". ") {
			if s = strings.TrimSpace(s); utf8.RuneCountInString(s) >= 12 {
				out = append(out, s)
			}
		}
	}
	return out
}

// checkAnswer verifies the invariants every answer must satisfy for caller
// over docs; it returns a description of the first violation.
func checkAnswer(ix *retrieval.Index, a retrieval.Answer, c retrieval.Caller, g retrieval.Groups, docs []retrieval.Document) error {
	if a.NoAnswer {
		if a.Text != retrieval.NoAnswerText || len(a.Citations) != 0 {
			return fmt.Errorf("no-answer carries text %q or %d citations", a.Text, len(a.Citations))
		}
		return nil
	}
	if a.Text == "" || len(a.Citations) == 0 {
		return fmt.Errorf("answer without text or citations: %+v", a)
	}
	if err := checkSegments(a); err != nil {
		return err
	}
	byID := map[string]retrieval.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, cite := range a.Citations {
		d, ok := byID[cite.DocumentID]
		if !ok || !ix.CanRead(d, c, g) {
			return fmt.Errorf("cites unreadable or unknown document %q", cite.DocumentID)
		}
		if cite.Title != d.Title || cite.URL != d.URL || !strings.Contains(strings.ToValidUTF8(d.Content, "\uFFFD"), firstRunes(cite.Snippet, 20)) {
			return fmt.Errorf("citation %d does not describe %q", cite.Number, d.ID)
		}
	}
	return checkNoLeak(ix, a, c, g, docs)
}

// checkSegments: numbering from 1 in order of first appearance, and every
// segment's rune offsets slice Text to its excerpt.
func checkSegments(a retrieval.Answer) error {
	runes := []rune(a.Text)
	last := -1
	for i, cite := range a.Citations {
		if cite.Number != i+1 || len(cite.Segments) == 0 {
			return fmt.Errorf("citation %d numbered %d with %d segments", i, cite.Number, len(cite.Segments))
		}
		if cite.Segments[0].Begin <= last {
			return fmt.Errorf("citation %d not in order of first appearance", cite.Number)
		}
		last = cite.Segments[0].Begin
		for _, s := range cite.Segments {
			if s.Begin < 0 || s.End > len(runes) || s.Begin >= s.End {
				return fmt.Errorf("segment %+v outside text of %d runes", s, len(runes))
			}
			if got := string(runes[s.Begin:s.End]); got != s.Excerpt {
				return fmt.Errorf("segment [%d,%d) = %q, excerpt %q", s.Begin, s.End, got, s.Excerpt)
			}
		}
	}
	return nil
}

// checkNoLeak: no sentence of an unreadable document appears in the answer
// unless a readable document holds the same sentence.
func checkNoLeak(ix *retrieval.Index, a retrieval.Answer, c retrieval.Caller, g retrieval.Groups, docs []retrieval.Document) error {
	var readable strings.Builder
	for _, d := range docs {
		if ix.CanRead(d, c, g) {
			readable.WriteString(strings.ToValidUTF8(d.Content, "\uFFFD") + "\n")
		}
	}
	visible := readable.String()
	for _, d := range docs {
		if ix.CanRead(d, c, g) {
			continue
		}
		for _, s := range roughSentences(d.Content) {
			if strings.Contains(visible, s) {
				continue // a readable document says the same
			}
			if strings.Contains(a.Text, s) {
				return fmt.Errorf("answer contains %q from unreadable %q", s, d.ID)
			}
			for _, cite := range a.Citations {
				if strings.Contains(cite.Snippet, s) {
					return fmt.Errorf("snippet contains %q from unreadable %q", s, d.ID)
				}
			}
		}
	}
	return nil
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(len(r), n)])
}
