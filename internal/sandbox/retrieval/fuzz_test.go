package retrieval_test

import (
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval/corpus"
)

// FuzzAnswer asks arbitrary questions as arbitrary callers over the demo
// corpus plus a fuzzed document: no panic, and every answer invariant holds.
func FuzzAnswer(f *testing.F) {
	for _, q := range []string{"What is the project budget?", "When is the launch date?", "Who is on the team?", "", "?", "ACME AnyOrgApp", "\xff\xfe budget", "ünïcödé 予算 budget"} {
		f.Add(q, corpus.Mary, corpus.CoreTeam, "Budget notes. The budget is 5 dollars.\nTeam: €‰ ✓")
		f.Add(q, corpus.Mateo, "", "")
	}
	f.Add("risk", "DEMO1@example.com", corpus.CoreTeam, "\x00\n\n...!!!???")
	base := corpus.Demo()
	f.Fuzz(func(t *testing.T, question, user, group, content string) {
		docs := append(append([]retrieval.Document(nil), base...), retrieval.Document{
			ID: "fuzzed", Title: content, Content: content,
			ACL: &retrieval.ACL{AccessControls: []retrieval.AccessControl{{Principals: []retrieval.Principal{
				{Kind: retrieval.KindGroup, Name: "fuzz-only", Access: retrieval.AccessAllow}}}}},
		})
		ix := demoIndex(docs)
		c := retrieval.Caller{User: user, Groups: []string{group}}
		a := ix.Answer(question, c, nil, retrieval.AnswerOptions{})
		if err := checkAnswer(ix, a, c, nil, docs); err != nil {
			t.Fatal(err)
		}
		for _, cite := range a.Citations {
			if cite.DocumentID == "fuzzed" && group != "fuzz-only" {
				t.Fatal("fuzzed document leaked")
			}
		}
		if b := ix.Answer(question, c, nil, retrieval.AnswerOptions{}); b.Text != a.Text || len(b.Citations) != len(a.Citations) {
			t.Fatal("not deterministic")
		}
	})
}

// FuzzTokenize: tokens are never empty and tokenising is stable.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"What is the project budget?", "", "\xff", "Team's milestones!", "ÀÉÎ 2025-09-15"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range retrieval.Tokenize(s) {
			if tok == "" {
				t.Fatalf("empty token from %q", s)
			}
		}
	})
}
