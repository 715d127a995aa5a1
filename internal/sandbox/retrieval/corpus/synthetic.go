package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
)

// Synthetic sizes.
const (
	syntheticVocabulary = 5000
	syntheticGroups     = 50
	syntheticUsers      = 200
)

var syllables = strings.Fields("ka lo mi ne ru sa ti vo ze ba de fi go hu ja ke li mo nu pa qui re so tu va we xi yo zu")

// SyntheticUser and SyntheticGroup name the principals Synthetic's ACLs use.
func SyntheticUser(i int) string  { return fmt.Sprintf("user%03d@example.com", i%syntheticUsers) }
func SyntheticGroup(i int) string { return fmt.Sprintf("group%02d", i%syntheticGroups) }

// SyntheticWord returns word i of the synthetic vocabulary; low indexes are
// the frequent words.
func SyntheticWord(i int) string {
	i %= syntheticVocabulary
	var b strings.Builder
	for n := i + len(syllables); n > 0; n /= len(syllables) {
		b.WriteString(syllables[n%len(syllables)])
	}
	return b.String()
}

// Synthetic returns n generated documents, identical for equal n and seed.
// Words follow a Zipf distribution over a 5,000-word vocabulary; about 40%
// of the documents are public, the rest carry group or user ACLs, some with
// DENY entries.
func Synthetic(n int, seed int64) []retrieval.Document {
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	zipf := rand.NewZipf(r, 1.1, 2, syntheticVocabulary-1)
	out := make([]retrieval.Document, 0, max(n, 0))
	for i := range max(n, 0) {
		id := fmt.Sprintf("syn-%06d", i)
		out = append(out, retrieval.Document{
			ID:           id,
			Title:        words(zipf, 3+r.IntN(4)),
			URL:          "https://wiki.example.com/synthetic/" + id,
			Content:      paragraph(r, zipf),
			ContentType:  "PLAIN_TEXT",
			DataSourceID: "synthetic",
			ACL:          syntheticACL(r),
			UpdatedAt:    demoEpoch.Add(timeStep(i)),
		})
	}
	return out
}

func paragraph(r *rand.Rand, z *rand.Zipf) string {
	var b strings.Builder
	for s := range 5 + r.IntN(11) {
		if s > 0 {
			b.WriteString(" ")
		}
		w := words(z, 6+r.IntN(9))
		b.WriteString(strings.ToUpper(w[:1]) + w[1:] + ".")
	}
	return b.String()
}

func words(z *rand.Zipf, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = SyntheticWord(int(z.Uint64()))
	}
	return strings.Join(ws, " ")
}

func syntheticACL(r *rand.Rand) *retrieval.ACL {
	switch p := r.IntN(10); {
	case p < 4:
		return nil
	case p < 8:
		ps := []retrieval.Principal{allow(retrieval.KindGroup, SyntheticGroup(r.IntN(syntheticGroups)))}
		if p == 7 {
			ps = append(ps, deny(retrieval.KindUser, SyntheticUser(r.IntN(syntheticUsers))))
		}
		return anyOf(ps...)
	default:
		return anyOf(allow(retrieval.KindUser, SyntheticUser(r.IntN(syntheticUsers))),
			allow(retrieval.KindGroup, SyntheticGroup(r.IntN(syntheticGroups))))
	}
}
