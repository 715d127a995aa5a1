package chatui

import (
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
		useful bool
		err    error
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
		return m.print("error: " + Sanitize(msg.err.Error()))
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
		return m.print("error: " + Sanitize(msg.err.Error()))
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
	ctx, b, a := m.ctx, m.backend, m.last
	fb := qchat.Feedback{Useful: useful, Reason: reason}
	return func() tea.Msg {
		return feedbackMsg{useful: useful, err: b.PutFeedback(ctx, a.ConversationID, a.SystemMessageID, fb)}
	}
}

func (m *Model) feedbackDone(msg feedbackMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		m.status = "Feedback not sent: " + Sanitize(msg.err.Error())
	case msg.useful:
		m.status = "Thanks — marked useful."
	default:
		m.status = "Thanks — marked not useful."
	}
	return nil
}
