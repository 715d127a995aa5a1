package retrieval

import (
	"cmp"
	"slices"
)

// Sentence selection weights.
const (
	// titleCredit is the share of a query term's IDF a sentence earns when
	// the term appears only in its document's title.
	titleCredit = 0.3
	// minRelative drops sentences scoring below this share of the best.
	minRelative = 0.5
)

// pick is a chosen sentence: document entry, sentence index and score.
type pick struct {
	e     *entry
	rank  int
	idx   int
	score float64
}

// pickSentences chooses up to maxSentences sentences from the ranked
// documents: scored by the IDF of the query terms they contain (plus some
// credit for terms in the title), weighted by their document's rank score.
func pickSentences(q query, hits []hit, maxDocs int) []pick {
	if len(hits) == 0 {
		return nil
	}
	top := hits[0].score
	var cands []pick
	for r, h := range hits {
		weight := 0.5 + 0.5*h.score/top
		for i, s := range h.e.sentences {
			own, title := 0.0, 0.0
			for k, t := range q.terms {
				if _, ok := s.terms[t]; ok {
					own += q.idf[k]
				} else if _, ok := h.e.titleTerms[t]; ok {
					title += q.idf[k]
				}
			}
			if own == 0 {
				continue
			}
			cands = append(cands, pick{e: h.e, rank: r, idx: i, score: (own + titleCredit*title) * weight})
		}
	}
	slices.SortFunc(cands, func(a, b pick) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	return choose(cands, maxDocs)
}

// choose applies the answer limits to sorted candidates.
func choose(cands []pick, maxDocs int) []pick {
	var out []pick
	perDoc := map[*entry]int{}
	seenText := map[string]bool{}
	for _, c := range cands {
		if len(out) == maxSentences || c.score < minRelative*cands[0].score {
			break
		}
		text := c.e.sentences[c.idx].text
		if seenText[text] || perDoc[c.e] == maxPerDocument {
			continue
		}
		if _, cited := perDoc[c.e]; !cited && len(perDoc) == maxDocs {
			continue
		}
		seenText[text] = true
		perDoc[c.e]++
		out = append(out, c)
	}
	return out
}
