package retrieval

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"What is the project budget?", []string{"project", "budget"}},
		{"Who is on the TEAM's roster", []string{"team", "roster"}},
		{"Milestones, risks & policies!", []string{"milestone", "risk", "policy"}},
		{"status class bus", []string{"status", "class", "bus"}},
		{"$2.4M in 2025", []string{"2", "4m", "2025"}},
		{"Café naïve", []string{"café", "naïve"}},
		{"", nil},
		{"the and of", nil},
	}
	for _, tt := range tests {
		if got := Tokenize(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	got := splitSentences("First one costs $2.4 million. Second?\n- Bullet line\n\nThird! e")
	var texts []string
	for _, s := range got {
		texts = append(texts, s.text)
	}
	want := []string{"First one costs $2.4 million.", "Second?", "Bullet line", "Third!", "e"}
	if !slices.Equal(texts, want) {
		t.Fatalf("sentences = %q, want %q", texts, want)
	}
}
