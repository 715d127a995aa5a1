package chatui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qbiz/qbiz/internal/qchat"
)

type (
	chunkMsg struct {
		turn int
		text string
		next <-chan tea.Msg
	}
	doneMsg struct {
		turn   int
		answer *qchat.Answer
		err    error
	}
	tickMsg struct{ turn int }
)

// submit sends the typed question and starts streaming its answer.
func (m *Model) submit() tea.Cmd {
	text := strings.TrimSpace(string(m.input))
	if text == "" {
		return nil
	}
	m.input, m.question, m.state = nil, text, waiting
	m.partial.Reset()
	m.turn++
	q := m.thread.Question(text)
	q.Mode, q.Attachments = m.opts.Mode, m.opts.Attachments
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel = cancel
	return tea.Batch(m.print("> "+Sanitize(text)), m.stream(ctx, q), m.tickCmd())
}

// stream runs the call in the background; its chunks and the result come
// back as messages, read one at a time.
func (m *Model) stream(ctx context.Context, q qchat.Question) tea.Cmd {
	ch := make(chan tea.Msg, 16)
	turn := m.turn
	go func() {
		defer close(ch)
		a, err := m.backend.Stream(ctx, q, func(s string) {
			select {
			case ch <- chunkMsg{turn: turn, text: s, next: ch}:
			case <-ctx.Done():
			}
		})
		ch <- doneMsg{turn: turn, answer: a, err: err}
	}()
	return next(ch)
}

func next(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-ch }
}

func (m *Model) chunk(c chunkMsg) tea.Cmd {
	if c.turn == m.turn && m.state == waiting {
		m.partial.WriteString(c.text)
	}
	return next(c.next)
}

func (m *Model) done(d doneMsg) tea.Cmd {
	if d.turn != m.turn {
		return nil
	}
	m.cancel()
	m.state = idle
	m.partial.Reset()
	switch {
	case d.err != nil && (m.cancelled == d.turn || errors.Is(d.err, context.Canceled)):
		return m.print("(answer cancelled)")
	case d.err != nil:
		return m.print(errorText(d.err))
	}
	m.opts.Attachments = nil
	m.thread.Follow(d.answer)
	m.answered++
	m.last, m.lastN = d.answer, m.answered
	return m.print(answerBlock(d.answer, m.opts.Hyperlinks) + "\n" + answerRef(m.lastN, d.answer) + "\n")
}

func (m *Model) tickCmd() tea.Cmd {
	turn := m.turn
	return tea.Tick(120*time.Millisecond, func(time.Time) tea.Msg { return tickMsg{turn: turn} })
}

func (m *Model) tick(t tickMsg) tea.Cmd {
	if t.turn != m.turn || m.state != waiting {
		return nil
	}
	m.frame++
	return m.tickCmd()
}
