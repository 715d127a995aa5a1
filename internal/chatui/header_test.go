package chatui

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
)

// TestHeaderShowsWhoAndWraps: the header names the profile, the signed-in
// user and the conversation, and on a narrow terminal it and the help
// line wrap between words, never inside one.
func TestHeaderShowsWhoAndWraps(t *testing.T) {
	f := &fakeBackend{}
	d := drive(t, f, Options{Profile: "qbiz-sandbox-oidc", User: "mary_major@example.com"})
	d.send(tea.WindowSizeMsg{Width: 34, Height: 20})
	v := d.m.View()
	if !contains(strings.Join(strings.Fields(v), " "), "profile qbiz-sandbox-oidc · signed in as mary_major@example.com · new conversation") {
		t.Errorf("header lacks the profile, the user or the conversation:\n%s", v)
	}
	for _, line := range strings.Split(v, "\n") {
		if utf8.RuneCountInString(line) > 34 && len(units(line)) > 1 {
			t.Errorf("line wider than the terminal: %q", line)
		}
	}
	for _, word := range strings.Fields(helpLine) {
		if !strings.Contains(v, word) {
			t.Errorf("the help line lost %q when wrapped:\n%s", word, v)
		}
	}
	d.typeText("q")
	d.key(tea.KeyEnter)
	d.until("answered", func() bool { return d.idle() && d.m.last != nil })
	if v := strings.Join(strings.Fields(d.m.View()), " "); !strings.Contains(v, "conversation conv-1") {
		t.Errorf("header does not name the conversation:\n%s", v)
	}
}

// TestFeedbackNamesTheAnswer: answers are numbered as they arrive, and a
// feedback confirmation names the answer it rated and its message.
func TestFeedbackNamesTheAnswer(t *testing.T) {
	f := &fakeBackend{}
	d := drive(t, f, Options{})
	for n, key := range []string{"1", "2"} {
		d.typeText("question " + key)
		d.key(tea.KeyEnter)
		d.until("answer "+key, func() bool { return d.idle() && d.m.answered == n+1 })
		if !strings.Contains(d.m.Printed(), "(answer "+key+" · message sys-1)") {
			t.Errorf("answer %s is not labelled:\n%s", key, d.m.Printed())
		}
	}
	d.send(runes("-"))
	if !strings.Contains(d.m.View(), "Why was answer 2 not useful?") {
		t.Errorf("reason prompt does not name the answer:\n%s", d.m.View())
	}
	d.key(tea.KeyEnter)
	d.until("confirmed", func() bool { return strings.Contains(d.m.View(), "Thanks") })
	if want := "Thanks — answer 2 marked not useful (message sys-1)."; !strings.Contains(d.m.View(), want) {
		t.Errorf("confirmation %q, want %q", d.m.View(), want)
	}
}
