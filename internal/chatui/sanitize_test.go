package chatui

import (
	"testing"

	"github.com/qbiz/qbiz/internal/qchat"
)

var sanitizeCases = []struct{ in, want string }{
	{"plain text", "plain text"},
	{"line\nbreak\ttab", "line\nbreak\ttab"},
	{"clear\x1b[2Jscreen", "clear[2Jscreen"},
	{"title\x1b]0;evil\x07", "title]0;evil"},
	{"link\x1b]8;;https://evil\x1b\\x\x1b]8;;\x1b\\", "link]8;;https://evil\\x]8;;\\"},
	{"c1\u009b31mred", "c131mred"},
	{"del\x7f", "del"},
	{"carriage\roverwrite", "carriageoverwrite"},
	{"ünïcødé ✓", "ünïcødé ✓"},
}

func TestSanitize(t *testing.T) {
	for _, tt := range sanitizeCases {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, tt := range sanitizeCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range Sanitize(s) {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("control rune %U survived in %q", r, s)
			}
		}
	})
}

func TestSourceLine(t *testing.T) {
	tests := []struct {
		name       string
		src        qchat.Source
		hyperlinks bool
		want       string
	}{
		{"plain", qchat.Source{Number: 1, Title: "Plan", URL: "https://wiki.example.com/p"}, false, "[1] Plan  https://wiki.example.com/p"},
		{"osc 8", qchat.Source{Number: 2, Title: "Plan", URL: "https://wiki.example.com/p"}, true, "[2] \x1b]8;;https://wiki.example.com/p\x1b\\Plan\x1b]8;;\x1b\\"},
		{"javascript url dropped", qchat.Source{Number: 3, Title: "x", URL: "javascript:alert(1)"}, true, "[3] x"},
		{"url with escape dropped", qchat.Source{Number: 4, Title: "x", URL: "https://a.example/\x1b\\"}, true, "[4] x"},
		{"title sanitised", qchat.Source{Number: 5, Title: "a\x1b[31mb"}, false, "[5] a[31mb"},
		{"untitled", qchat.Source{Number: 6}, false, "[6] (untitled)"},
	}
	for _, tt := range tests {
		if got := SourceLine(tt.src, tt.hyperlinks); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSupportsHyperlinks(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"TERM_PROGRAM": "iTerm.app"}, true},
		{map[string]string{"TERM": "xterm-kitty"}, true},
		{map[string]string{"VTE_VERSION": "6003"}, true},
		{map[string]string{"VTE_VERSION": "4000"}, false},
		{map[string]string{"WT_SESSION": "x", "NO_HYPERLINKS": "1"}, false},
		{map[string]string{"TERM_PROGRAM": "vscode", "TERM": "dumb"}, false},
	}
	for _, tt := range tests {
		if got := SupportsHyperlinks(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("SupportsHyperlinks(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
}
