package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSentenceRunes caps a sentence; longer runs are cut at this length.
const maxSentenceRunes = 600

// sentence is one extractable unit of a document's content.
type sentence struct {
	text  string
	terms map[string]struct{}
}

// splitSentences cuts content at line breaks and at '.', '!' or '?' followed
// by white space or the end of text. Sentences without tokens are dropped.
func splitSentences(content string) []sentence {
	var out []sentence
	start := 0
	emit := func(end int) {
		text := strings.TrimSpace(content[start:end])
		text = strings.TrimLeft(text, "-*•# \t")
		start = end
		if text == "" {
			return
		}
		for _, piece := range capRunes(text) {
			toks := Tokenize(piece)
			if len(toks) == 0 {
				continue
			}
			set := make(map[string]struct{}, len(toks))
			for _, t := range toks {
				set[t] = struct{}{}
			}
			out = append(out, sentence{text: piece, terms: set})
		}
	}
	for i, r := range content {
		switch r {
		case '\n', '\r':
			emit(i)
		case '.', '!', '?':
			next, _ := utf8.DecodeRuneInString(content[i+1:])
			if i+1 == len(content) || unicode.IsSpace(next) {
				emit(i + 1)
			}
		}
	}
	emit(len(content))
	return out
}

// capRunes splits text into chunks of at most maxSentenceRunes runes.
func capRunes(text string) []string {
	if utf8.RuneCountInString(text) <= maxSentenceRunes {
		return []string{text}
	}
	var out []string
	r := []rune(text)
	for len(r) > 0 {
		n := min(len(r), maxSentenceRunes)
		if s := strings.TrimSpace(string(r[:n])); s != "" {
			out = append(out, s)
		}
		r = r[n:]
	}
	return out
}
