package retrieval

import (
	"cmp"
	"math"
	"sync"
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
	n     int32
	e     *entry
	score float64
}

// accumulator holds per-document scores densely, indexed by internal
// number; touched lists the non-zero slots so that reset is cheap.
type accumulator struct {
	score, cover []float64
	touched      []int32
}

var accumulators sync.Pool

func getAccumulator(size int) *accumulator {
	a, _ := accumulators.Get().(*accumulator)
	if a == nil || len(a.score) < size {
		a = &accumulator{score: make([]float64, size), cover: make([]float64, size)}
	}
	return a
}

func (a *accumulator) release() {
	for _, n := range a.touched {
		a.score[n], a.cover[n] = 0, 0
	}
	a.touched = a.touched[:0]
	accumulators.Put(a)
}

// queryTerms returns the distinct tokens of q in first-seen order.
func queryTerms(q string) []string {
	var out []string
	for _, t := range Tokenize(q) {
		if !contains(out, t) {
			out = append(out, t)
		}
		if len(out) == maxQueryTerms {
			break
		}
	}
	return out
}

func contains(ts []string, t string) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// rank scores the readable documents holding at least one query term and
// returns the best limit of those covering enough of the question, best
// first. The caller holds ix.mu for reading.
func (ix *Index) rank(terms []string, v *visibility, filter func(Document) bool, limit int) (query, []hit) {
	q := query{terms: terms, idf: make([]float64, len(terms))}
	acc := getAccumulator(len(ix.entries))
	defer acc.release()
	var memo map[int32]bool
	if filter != nil {
		memo = map[int32]bool{}
	}
	avgdl := float64(v.totalLen) / float64(max(v.n, 1))
	for i, t := range terms {
		ps := ix.postings[t]
		df := 0
		for _, p := range ps {
			if v.has(p.doc) {
				df++
			}
		}
		idf := math.Log(1 + (float64(v.n)-float64(df)+0.5)/(float64(df)+0.5))
		q.idf[i], q.mass = idf, q.mass+idf
		if df > 0 {
			ix.accumulate(acc, ps, v, idf, avgdl, filter, memo)
		}
	}
	return q, ix.top(acc, minCoverage*q.mass, limit)
}

// accumulate adds one term's BM25 contribution for readable postings.
func (ix *Index) accumulate(acc *accumulator, ps []posting, v *visibility, idf, avgdl float64, filter func(Document) bool, memo map[int32]bool) {
	for _, p := range ps {
		if !v.has(p.doc) || !ix.passes(p.doc, filter, memo) {
			continue
		}
		if acc.cover[p.doc] == 0 {
			acc.touched = append(acc.touched, p.doc)
		}
		tf := float64(p.tf)
		norm := 1 - bm25B + bm25B*float64(ix.entries[p.doc].length)/avgdl
		acc.score[p.doc] += idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
		acc.cover[p.doc] += idf
	}
}

// top selects the best limit documents whose coverage reaches minCover,
// ordered by score, then document id.
func (ix *Index) top(acc *accumulator, minCover float64, limit int) []hit {
	out := make([]hit, 0, limit+1)
	for _, n := range acc.touched {
		if acc.cover[n] < minCover {
			continue
		}
		h := hit{n: n, e: ix.entries[n], score: acc.score[n]}
		if len(out) == limit && !better(h, out[len(out)-1]) {
			continue
		}
		i := len(out)
		out = append(out, h)
		for ; i > 0 && better(h, out[i-1]); i-- {
			out[i] = out[i-1]
		}
		out[i] = h
		if len(out) > limit {
			out = out[:limit]
		}
	}
	return out
}

func better(a, b hit) bool {
	if c := cmp.Compare(a.score, b.score); c != 0 {
		return c > 0
	}
	return a.e.doc.ID < b.e.doc.ID
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
