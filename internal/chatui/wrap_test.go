package chatui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWrapOnWordBoundaries: lines stay within the width and every word
// stays whole; a word longer than the width stands alone; no line starts
// with a separator.
func TestWrapOnWordBoundaries(t *testing.T) {
	header := "qbiz chat · profile qbiz-sandbox-oidc · signed in as mary_major@example.com · conversation 0b5e1d2c-3f4a"
	for _, width := range []int{20, 33, 40, 80, 200} {
		got := wrap(header, width)
		if strings.Join(strings.Fields(got), " ") != header {
			t.Errorf("width %d: words changed:\n%s", width, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if strings.HasPrefix(line, "·") {
				t.Errorf("width %d: line starts with a separator: %q", width, line)
			}
			if n := utf8.RuneCountInString(line); n > width && len(units(line)) > 1 {
				t.Errorf("width %d: line of %d columns %q", width, n, line)
			}
		}
	}
	if got := wrap("a verylongword b", 5); got != "a\nverylongword\nb" {
		t.Errorf("long word: %q", got)
	}
	if got := wrap("as it is", 0); got != "as it is" {
		t.Errorf("no width: %q", got)
	}
}
