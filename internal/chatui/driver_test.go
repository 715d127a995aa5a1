package chatui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qbiz/qbiz/internal/qchat"
)

// driver runs the model headlessly as bubbletea's runtime would: commands
// run in goroutines and their messages come back through Update.
type driver struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
	quit bool
}

func drive(t *testing.T, b Backend, o Options) *driver {
	t.Helper()
	d := &driver{t: t, m: New(t.Context(), b, o), msgs: make(chan tea.Msg, 64)}
	d.run(d.m.Init())
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd != nil {
		go func() {
			if msg := cmd(); msg != nil {
				d.msgs <- msg
			}
		}()
	}
}

func (d *driver) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
		return
	case tea.QuitMsg:
		d.quit = true
		return
	}
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (d *driver) key(k tea.KeyType) { d.send(tea.KeyMsg{Type: k}) }

// until processes messages until cond holds; the deadline only guards
// against a hung test.
func (d *driver) until(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-deadline:
			d.t.Fatalf("never reached: %s\nprinted:\n%s\nview:\n%s", what, d.m.Printed(), d.m.View())
		}
	}
}

func (d *driver) idle() bool { return d.m.state == idle }

// fakeBackend answers from a script; gate, if set, holds each answer
// after its first chunk until released or cancelled.
type fakeBackend struct {
	mu        sync.Mutex
	gate      chan struct{}
	questions []qchat.Question
	feedback  []qchat.Feedback
	resumed   []string
}

var fakeAnswer = &qchat.Answer{ConversationID: "conv-1", SystemMessageID: "sys-1", Text: "The launch is in September.",
	Sources: []qchat.Source{{Number: 1, Title: "Launch Plan", URL: "https://wiki.example.com/launch", Offsets: [][2]int{{0, 27}}}}}

func (f *fakeBackend) Stream(ctx context.Context, q qchat.Question, onText func(string)) (*qchat.Answer, error) {
	f.mu.Lock()
	f.questions = append(f.questions, q)
	f.mu.Unlock()
	onText("The launch ")
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	onText("is in September.")
	a := *fakeAnswer
	return &a, nil
}

func (f *fakeBackend) Conversations(context.Context, int) ([]qchat.Conversation, error) {
	return []qchat.Conversation{{ID: "conv-2", Title: "Budget"}, {ID: "conv-1", Title: "Launch \x1b]0;pwned\x07"}}, nil
}

func (f *fakeBackend) Resume(_ context.Context, id string) (qchat.Thread, []qchat.Message, error) {
	f.mu.Lock()
	f.resumed = append(f.resumed, id)
	f.mu.Unlock()
	return qchat.Thread{ConversationID: id, ParentMessageID: "sys-old"}, []qchat.Message{
		{ID: "u", Type: "USER", Body: "When is the launch?"}, {ID: "sys-old", Type: "SYSTEM", Body: "In September."}}, nil
}

func (f *fakeBackend) PutFeedback(_ context.Context, conv, msg string, fb qchat.Feedback) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if conv != "conv-1" || msg != "sys-1" {
		return context.DeadlineExceeded
	}
	f.feedback = append(f.feedback, fb)
	return nil
}

func (f *fakeBackend) lastQuestion() qchat.Question {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.questions[len(f.questions)-1]
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
