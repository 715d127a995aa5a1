package config

import (
	"fmt"
	"strings"
)

// qbizPrefix starts the keys qbiz owns in a profile.
const qbizPrefix = "qbiz_"

// Warning is something in a profile that qbiz read past: a qbiz_* key it
// does not know, most likely a typo of one it does.
type Warning struct {
	Path       string
	Line       int // 1-based
	Key        string
	Suggestion string // the nearest known key, or ""
}

func (w Warning) String() string {
	s := fmt.Sprintf("%s line %d: unknown key %s", w.Path, w.Line, w.Key)
	if w.Suggestion != "" {
		s += ": did you mean " + w.Suggestion + "?"
	}
	return s
}

// unknownKeys warns about the qbiz_* keys of es that qbiz does not know.
func unknownKeys(path string, es []entry) []Warning {
	var out []Warning
	for _, e := range es {
		if _, known := lookupField(e.key); !known && strings.HasPrefix(e.key, qbizPrefix) {
			out = append(out, Warning{Path: path, Line: e.line + 1, Key: e.key, Suggestion: nearestKey(e.key)})
		}
	}
	return out
}

// maxSuggestDistance bounds how far a typo may be from the key it means.
const maxSuggestDistance = 3

// nearestKey is the known key closest to key: one it abbreviates, else
// the one within maxSuggestDistance edits (a standard key is compared
// without the qbiz_ prefix, for qbiz_region and the like).
func nearestKey(key string) string {
	best, bestD := "", maxSuggestDistance+1
	for _, f := range fields {
		d := editDistance(key, f.key)
		if !strings.HasPrefix(f.key, qbizPrefix) {
			d = editDistance(strings.TrimPrefix(key, qbizPrefix), f.key)
		}
		if strings.HasPrefix(f.key, key) {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = f.key, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
