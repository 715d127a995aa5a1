package chatui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qbiz/qbiz/internal/qchat"
)

func TestAnswerStreamsInWithCitations(t *testing.T) {
	f := &fakeBackend{gate: make(chan struct{})}
	d := drive(t, f, Options{})
	d.typeText("When is the launch?")
	d.key(tea.KeyEnter)
	d.until("first chunk shown with a spinner", func() bool { return contains(d.m.View(), "The launch ", "answering") })
	close(f.gate)
	d.until("answer finished", d.idle)
	want := "The launch is in September.[1]\n\nSources:\n  [1] Launch Plan  https://wiki.example.com/launch"
	if got := d.m.Printed(); !strings.Contains(got, "> When is the launch?") || !strings.Contains(got, want) {
		t.Errorf("printed:\n%s\nwant it to contain:\n%s", got, want)
	}
	d.typeText("And the budget?")
	d.key(tea.KeyEnter)
	d.until("second answer", func() bool { return d.idle() && len(f.questions) == 2 })
	if q := f.lastQuestion(); q.ConversationID != "conv-1" || q.ParentMessageID != "sys-1" {
		t.Errorf("second question %+v did not continue the conversation", q)
	}
}

func TestCtrlCCancelsTheAnswerNotTheSession(t *testing.T) {
	f := &fakeBackend{gate: make(chan struct{})}
	d := drive(t, f, Options{})
	d.typeText("slow question")
	d.key(tea.KeyEnter)
	d.until("streaming", func() bool { return strings.Contains(d.m.View(), "The launch ") })
	d.key(tea.KeyCtrlC)
	d.until("cancelled", func() bool { return d.idle() && strings.Contains(d.m.Printed(), "(answer cancelled)") })
	if d.quit {
		t.Fatal("Ctrl-C during an answer ended the session")
	}
	close(f.gate)
	d.typeText("again")
	d.key(tea.KeyEnter)
	d.until("answered after cancel", func() bool { return d.idle() && strings.Contains(d.m.Printed(), "September.[1]") })
	if q := f.lastQuestion(); q.ConversationID != "" {
		t.Errorf("the cancelled answer became the parent: %+v", q)
	}
}

func TestFeedbackKeys(t *testing.T) {
	tests := []struct {
		name string
		keys []tea.KeyMsg
		want qchat.Feedback
	}{
		{"thumbs up", []tea.KeyMsg{runes("+")}, qchat.Feedback{Useful: true}},
		{"thumbs down with a reason", []tea.KeyMsg{runes("-"), runes("3")}, qchat.Feedback{Reason: "INCORRECT_OR_MISSING_SOURCES"}},
		{"thumbs down without a reason", []tea.KeyMsg{runes("-"), {Type: tea.KeyEnter}}, qchat.Feedback{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeBackend{}
			d := drive(t, f, Options{})
			d.key(tea.KeyRunes) // nothing to rate yet: ignored
			d.send(runes("+"))
			if !strings.Contains(d.m.View(), "No answer to rate yet") {
				t.Errorf("view %q, want a note that nothing can be rated", d.m.View())
			}
			d.typeText("q")
			d.key(tea.KeyEnter)
			d.until("answered", func() bool { return d.idle() && d.m.last != nil })
			for _, k := range tt.keys {
				d.send(k)
			}
			d.until("feedback sent", func() bool { return strings.Contains(d.m.View(), "Thanks") })
			if len(f.feedback) != 1 || f.feedback[0] != tt.want {
				t.Errorf("feedback %+v, want %+v", f.feedback, tt.want)
			}
		})
	}
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestNewConversationAndResume(t *testing.T) {
	f := &fakeBackend{}
	d := drive(t, f, Options{Thread: qchat.Thread{ConversationID: "conv-0", ParentMessageID: "sys-0"}})
	d.key(tea.KeyCtrlN)
	if d.m.Thread() != (qchat.Thread{}) || !strings.Contains(d.m.Printed(), "new conversation") {
		t.Fatalf("Ctrl-N left thread %+v", d.m.Thread())
	}
	d.key(tea.KeyCtrlR)
	d.until("picker shown", func() bool { return d.m.state == picking })
	if v := d.m.View(); !contains(v, "Budget", "Launch ]0;pwned") || strings.Contains(v, "\x1b]0;") {
		t.Errorf("picker view %q: want both titles, control sequences stripped", v)
	}
	d.key(tea.KeyDown)
	d.key(tea.KeyEnter)
	d.until("resumed", func() bool { return d.m.Thread().ConversationID == "conv-1" })
	if d.m.Thread().ParentMessageID != "sys-old" || !contains(d.m.Printed(), "resumed conversation", "> When is the launch?", "In September.") {
		t.Errorf("thread %+v, printed:\n%s", d.m.Thread(), d.m.Printed())
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []tea.KeyType{tea.KeyCtrlD, tea.KeyEsc, tea.KeyCtrlC} {
		d := drive(t, &fakeBackend{}, Options{})
		d.key(k)
		d.until("quit", func() bool { return d.quit })
	}
	d := drive(t, &fakeBackend{}, Options{})
	d.typeText("half a question")
	d.key(tea.KeyCtrlC)
	if d.quit || len(d.m.input) != 0 {
		t.Errorf("Ctrl-C with typed text should clear it, not quit")
	}
}

func TestResumedHistoryPrintedAtStart(t *testing.T) {
	o := Options{Thread: qchat.Thread{ConversationID: "c", ParentMessageID: "s"},
		History: []qchat.Message{{Type: "USER", Body: "hi"}, {Type: "SYSTEM", Body: "hello\x1b[2J", Sources: []qchat.Source{{Number: 1, Title: "Doc"}}}}}
	d := drive(t, &fakeBackend{}, o)
	if got := d.m.Printed(); !contains(got, "> hi", "hello", "[1] Doc") || strings.Contains(got, "\x1b") {
		t.Errorf("printed %q", got)
	}
}

// The real client is a Backend.
var _ Backend = (*qchat.Client)(nil)
