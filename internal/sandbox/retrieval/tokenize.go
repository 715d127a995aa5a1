package retrieval

import (
	"strings"
	"unicode"
)

// maxTokenRunes bounds a single token; longer runs of letters are cut.
const maxTokenRunes = 64

// Tokenize lower-cases s, splits it on anything that is not a letter or a
// digit, drops stop words and applies a light plural stemmer. Tokens keep
// their order; duplicates are kept.
func Tokenize(s string) []string {
	var out []string
	var b strings.Builder
	n := 0
	flush := func() {
		if b.Len() > 0 {
			if t := normalize(b.String()); t != "" {
				out = append(out, t)
			}
			b.Reset()
			n = 0
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if n < maxTokenRunes {
				b.WriteRune(unicode.ToLower(r))
				n++
			}
			continue
		}
		if r == '\'' || r == '\u2019' {
			continue // "team's" -> "teams" -> "team"
		}
		flush()
	}
	flush()
	return out
}

// normalize drops stop words and strips simple plural endings.
func normalize(t string) string {
	if _, stop := stopWords[t]; stop {
		return ""
	}
	return stem(t)
}

// stem removes English plural/possessive endings conservatively so that
// "milestones" and "milestone" meet, without mangling short words.
func stem(t string) string {
	switch {
	case len(t) > 4 && strings.HasSuffix(t, "ies"):
		return t[:len(t)-3] + "y"
	case len(t) > 3 && strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss") &&
		!strings.HasSuffix(t, "us") && !strings.HasSuffix(t, "is"):
		return t[:len(t)-1]
	}
	return t
}

var stopWords = func() map[string]struct{} {
	words := strings.Fields(`a about above after again against all am an and any are as at be
	because been before being below between both but by can could did do does doing down during
	each few for from further had has have having he her here hers herself him himself his how i
	if in into is it its itself just let me more most my myself no nor not now of off on once only
	or other our ours ourselves out over own please same she should so some such tell than that
	the their theirs them themselves then there these they this those through to too under until
	up very was we were what when where which while who whom why will with would you your yours
	yourself yourselves s t know give show many much get got also us
	find happen`)
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}()
