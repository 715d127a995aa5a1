package chatui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qbiz/qbiz/internal/qchat"
)

func (m *Model) key(k tea.KeyMsg) tea.Cmd {
	switch m.state {
	case picking:
		return m.pickKey(k)
	case reasoning:
		return m.reasonKey(k)
	case waiting:
		return m.waitingKey(k)
	}
	return m.idleKey(k)
}

// waitingKey lets the person type ahead; Ctrl-C cancels the answer only.
func (m *Model) waitingKey(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyCtrlC {
		m.cancel()
		m.cancelled = m.turn
		return nil
	}
	if k.Type != tea.KeyEnter {
		m.edit(k)
	}
	return nil
}

func (m *Model) idleKey(k tea.KeyMsg) tea.Cmd {
	m.status = ""
	switch k.Type {
	case tea.KeyCtrlD, tea.KeyEsc:
		return tea.Quit
	case tea.KeyCtrlC:
		if len(m.input) == 0 {
			return tea.Quit
		}
		m.input = nil
		return nil
	case tea.KeyCtrlN:
		m.thread = qchat.Thread{}
		m.last = nil
		return m.print("— new conversation —")
	case tea.KeyCtrlR:
		return m.listConversations()
	case tea.KeyEnter:
		return m.submit()
	}
	if len(m.input) == 0 && k.Type == tea.KeyRunes && len(k.Runes) == 1 {
		switch k.Runes[0] {
		case '+':
			return m.sendFeedback(true, "")
		case '-':
			return m.askReason()
		}
	}
	m.edit(k)
	return nil
}

// edit applies a line-editing key to the input.
func (m *Model) edit(k tea.KeyMsg) {
	switch k.Type {
	case tea.KeyBackspace:
		if len(m.input) > 0 {
			m.input = m.input[:len(m.input)-1]
		}
	case tea.KeyCtrlU:
		m.input = nil
	case tea.KeySpace:
		m.input = append(m.input, ' ')
	case tea.KeyRunes:
		m.input = append(m.input, []rune(Sanitize(string(k.Runes)))...)
	}
}

func (m *Model) pickKey(k tea.KeyMsg) tea.Cmd {
	switch k.Type {
	case tea.KeyEsc, tea.KeyCtrlC:
		m.state = idle
	case tea.KeyUp:
		m.cursor = max(m.cursor-1, 0)
	case tea.KeyDown:
		m.cursor = min(m.cursor+1, len(m.convs)-1)
	case tea.KeyEnter:
		if len(m.convs) == 0 {
			m.state = idle
			return nil
		}
		return m.resume(m.convs[m.cursor].ID)
	}
	return nil
}

func (m *Model) reasonKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case k.Type == tea.KeyEsc || k.Type == tea.KeyCtrlC:
		m.state = idle
	case k.Type == tea.KeyEnter:
		return m.sendFeedback(false, "")
	case k.Type == tea.KeyRunes && len(k.Runes) == 1 && k.Runes[0] >= '1' && int(k.Runes[0]-'1') < len(notUsefulReasons):
		return m.sendFeedback(false, notUsefulReasons[k.Runes[0]-'1'])
	}
	return nil
}
