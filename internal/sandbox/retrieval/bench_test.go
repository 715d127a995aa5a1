package retrieval_test

import (
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval/corpus"
)

// benchQuestions mixes frequent and rare synthetic words.
func benchQuestions() []string {
	out := make([]string, 64)
	for i := range out {
		out[i] = "What about " + corpus.SyntheticWord(i*37%400) + " and " + corpus.SyntheticWord(50+i*11) + " " + corpus.SyntheticWord(i*101%3000) + "?"
	}
	return out
}

func benchSetup(b *testing.B) (*retrieval.Index, *retrieval.GroupStore, []retrieval.Caller) {
	b.Helper()
	ix := demoIndex(corpus.Synthetic(10000, 1))
	gs := retrieval.NewGroupStore()
	var callers []retrieval.Caller
	for i := range 8 {
		gs.Put(corpus.SyntheticGroup(i), []string{corpus.SyntheticUser(i)}, nil)
		callers = append(callers, retrieval.Caller{User: corpus.SyntheticUser(i), Groups: []string{corpus.SyntheticGroup(i + 20)}})
	}
	return ix, gs, callers
}

// BenchmarkBaselineNoop measures tokenising the question only: the floor
// any answer costs.
func BenchmarkBaselineNoop(b *testing.B) {
	qs := benchQuestions()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(retrieval.Tokenize(qs[i%len(qs)]))
	}
	_ = n
}

// BenchmarkAnswer10k answers over 10,000 synthetic documents with ACLs, for a
// few callers (visibility is cached per caller and index generation).
func BenchmarkAnswer10k(b *testing.B) {
	ix, gs, callers := benchSetup(b)
	qs := benchQuestions()
	answered := 0
	for i := 0; b.Loop(); i++ {
		if a := ix.Answer(qs[i%len(qs)], callers[i%len(callers)], gs, retrieval.AnswerOptions{}); !a.NoAnswer {
			answered++
		}
	}
	b.ReportMetric(float64(answered)/float64(b.N), "answered/op")
}

// BenchmarkAnswer10kColdCaller includes building the caller's visibility set
// (the first question after a change to the index).
func BenchmarkAnswer10kColdCaller(b *testing.B) {
	ix, gs, _ := benchSetup(b)
	qs := benchQuestions()
	for i := 0; b.Loop(); i++ {
		c := retrieval.Caller{User: corpus.SyntheticUser(i % 200), Groups: []string{"cold-" + corpus.SyntheticWord(i)}}
		ix.Answer(qs[i%len(qs)], c, gs, retrieval.AnswerOptions{})
	}
}
