package chatui

import (
	"strings"
	"unicode/utf8"
)

// wrap breaks s into lines of at most width columns at spaces, never
// inside a word (a word longer than width gets a line of its own). Each
// rune counts as one column; width <= 0 leaves s as it is.
func wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	var b strings.Builder
	col := 0
	for _, word := range units(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case col == 0:
		case col+1+n > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}

// units are the words of s, a separator "·" kept with the word before it
// so that no line starts with one.
func units(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w == "·" && len(out) > 0 {
			out[len(out)-1] += " ·"
			continue
		}
		out = append(out, w)
	}
	return out
}
