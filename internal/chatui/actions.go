package chatui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qbiz/qbiz/internal/qchat"
)

type (
	conversationsMsg struct {
		convs []qchat.Conversation
		err   error
	}
	resumedMsg struct {
		thread qchat.Thread
		msgs   []qchat.Message
		err    error
	}
	feedbackMsg struct {
		useful    bool
		n         int // the answer's number in this chat
		messageID string
		err       error
	}
)

const resumeListSize = 20

func (m *Model) listConversations() tea.Cmd {
	m.status = "Loading conversations…"
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		cs, err := b.Conversations(ctx, resumeListSize)
		return conversationsMsg{convs: cs, err: err}
	}
}

func (m *Model) listed(msg conversationsMsg) tea.Cmd {
	m.status = ""
	if msg.err != nil {
		return m.print(errorText(msg.err))
	}
	m.convs, m.cursor, m.state = msg.convs, 0, picking
	return nil
}

func (m *Model) resume(id string) tea.Cmd {
	m.state, m.status = idle, "Loading conversation…"
	ctx, b := m.ctx, m.backend
	return func() tea.Msg {
		th, msgs, err := b.Resume(ctx, id)
		return resumedMsg{thread: th, msgs: msgs, err: err}
	}
}

func (m *Model) resumed(msg resumedMsg) tea.Cmd {
	m.status = ""
	if msg.err != nil {
		return m.print(errorText(msg.err))
	}
	m.thread, m.last = msg.thread, nil
	m.printed = append(m.printed, "— resumed conversation —")
	return tea.Sequence(tea.Println("— resumed conversation —"), m.printHistory(msg.msgs))
}

func (m *Model) askReason() tea.Cmd {
	if m.last == nil {
		m.status = "No answer to rate yet."
		return nil
	}
	m.state = reasoning
	return nil
}

func (m *Model) sendFeedback(useful bool, reason string) tea.Cmd {
	m.state = idle
	if m.last == nil {
		m.status = "No answer to rate yet."
		return nil
	}
	ctx, b, a, n := m.ctx, m.backend, m.last, m.lastN
	fb := qchat.Feedback{Useful: useful, Reason: reason}
	return func() tea.Msg {
		err := b.PutFeedback(ctx, a.ConversationID, a.SystemMessageID, fb)
		return feedbackMsg{useful: useful, n: n, messageID: a.SystemMessageID, err: err}
	}
}

// feedbackDone confirms the feedback naming the answer it rated, which
// may no longer be the last one.
func (m *Model) feedbackDone(msg feedbackMsg) tea.Cmd {
	verdict := "not useful"
	if msg.useful {
		verdict = "useful"
	}
	if msg.err != nil {
		m.status = fmt.Sprintf("Feedback on answer %d not sent: %s", msg.n, Sanitize(msg.err.Error()))
		return nil
	}
	m.status = fmt.Sprintf("Thanks — answer %d marked %s (message %s).", msg.n, verdict, Sanitize(msg.messageID))
	return nil
}
