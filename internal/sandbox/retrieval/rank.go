package retrieval

import (
	"cmp"
	"math"
	"slices"
)

// BM25 parameters.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// minCoverage is the share of the question's IDF mass a document must
	// match to be considered an answer source.
	minCoverage = 0.6
	// maxQueryTerms bounds the work done for very long questions.
	maxQueryTerms = 32
)

// query is a tokenised question with per-term IDF over the readable set.
type query struct {
	terms []string
	idf   []float64
	mass  float64 // sum of idf
}

// hit is a ranked document.
type hit struct {
	n        int32
	e        *entry
	score    float64
	coverage float64 // matched idf mass
}

// queryTerms returns the distinct tokens of q in first-seen order.
func queryTerms(q string) []string {
	var out []string
	seen := map[string]struct{}{}
	for _, t := range Tokenize(q) {
		if _, ok := seen[t]; ok {
			continue
		}
		seen[t] = struct{}{}
		out = append(out, t)
		if len(out) == maxQueryTerms {
			break
		}
	}
	return out
}

// rank scores readable documents that contain at least one query term and
// returns those covering enough of the question, best first. The caller
// holds ix.mu for reading.
func (ix *Index) rank(terms []string, v *visibility, filter func(Document) bool) (query, []hit) {
	q := query{terms: terms, idf: make([]float64, len(terms))}
	avgdl := float64(v.totalLen) / float64(max(v.n, 1))
	hits := map[int32]*hit{}
	allowed := map[int32]bool{}
	for i, t := range terms {
		ps := ix.postings[t]
		df := 0
		for _, p := range ps {
			if v.has(p.doc) {
				df++
			}
		}
		idf := math.Log(1 + (float64(v.n)-float64(df)+0.5)/(float64(df)+0.5))
		q.idf[i] = idf
		q.mass += idf
		if df == 0 {
			continue
		}
		for _, p := range ps {
			if !v.has(p.doc) || !ix.passes(p.doc, filter, allowed) {
				continue
			}
			e := ix.entries[p.doc]
			h := hits[p.doc]
			if h == nil {
				h = &hit{n: p.doc, e: e}
				hits[p.doc] = h
			}
			tf := float64(p.tf)
			h.score += idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*float64(e.length)/avgdl))
			h.coverage += idf
		}
	}
	out := make([]hit, 0, len(hits))
	for _, h := range hits {
		if h.coverage >= minCoverage*q.mass {
			out = append(out, *h)
		}
	}
	slices.SortFunc(out, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.e.doc.ID, b.e.doc.ID)
	})
	return q, out
}

// passes applies the optional attribute filter once per document.
func (ix *Index) passes(n int32, filter func(Document) bool, memo map[int32]bool) bool {
	if filter == nil {
		return true
	}
	ok, seen := memo[n]
	if !seen {
		ok = filter(ix.entries[n].doc.clone())
		memo[n] = ok
	}
	return ok
}
