package chatui

import (
	"fmt"
	"strings"

	"github.com/qbiz/qbiz/internal/qchat"
)

const helpLine = "Enter ask · + useful · - not useful · Ctrl-N new · Ctrl-R resume · Ctrl-C cancel · Ctrl-D quit"

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// View renders the part below the printed transcript.
func (m *Model) View() string {
	var b strings.Builder
	b.WriteString(wrap(m.header(), m.width) + "\n")
	switch m.state {
	case waiting:
		b.WriteString(Sanitize(m.partial.String()))
		if m.partial.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(spinnerFrames[m.frame%len(spinnerFrames)] + " answering… (Ctrl-C to cancel)\n")
	case picking:
		b.WriteString(m.pickerView())
	case reasoning:
		b.WriteString(reasonsView(m.lastN))
	}
	if m.status != "" {
		b.WriteString(m.status + "\n")
	}
	if m.state == idle || m.state == waiting {
		b.WriteString("> " + string(m.input) + "█\n")
	}
	b.WriteString(wrap(helpLine, m.width))
	return b.String()
}

// header says whose chat this is and which conversation it continues.
func (m *Model) header() string {
	parts := []string{"qbiz chat"}
	if m.opts.Profile != "" {
		parts = append(parts, "profile "+m.opts.Profile)
	}
	if m.opts.User != "" {
		parts = append(parts, "signed in as "+m.opts.User)
	}
	if id := m.thread.ConversationID; id != "" {
		parts = append(parts, "conversation "+id)
	} else {
		parts = append(parts, "new conversation")
	}
	return Sanitize(strings.Join(parts, " · "))
}

// answerRef numbers an answer and names its message, so feedback can say
// which answer it rated.
func answerRef(n int, a *qchat.Answer) string {
	return fmt.Sprintf("(answer %d · message %s)", n, Sanitize(a.SystemMessageID))
}

func (m *Model) pickerView() string {
	if len(m.convs) == 0 {
		return "No conversations to resume (Esc to go back).\n"
	}
	var b strings.Builder
	b.WriteString("Resume a conversation (↑/↓, Enter, Esc):\n")
	for i, c := range m.convs {
		mark := "  "
		if i == m.cursor {
			mark = "▸ "
		}
		title := Sanitize(c.Title)
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(&b, "%s%s  %s\n", mark, c.StartTime.Local().Format("2006-01-02 15:04"), title)
	}
	return b.String()
}

// notUsefulReasons are offered after "-", in this order.
var notUsefulReasons = []string{"NOT_FACTUALLY_CORRECT", "HARMFUL_OR_UNSAFE", "INCORRECT_OR_MISSING_SOURCES", "NOT_HELPFUL",
	"NOT_BASED_ON_DOCUMENTS", "NOT_COMPLETE", "NOT_CONCISE", "OTHER"}

func reasonsView(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Why was answer %d not useful? (1-8, Enter to skip, Esc to cancel)\n", n)
	for i, r := range notUsefulReasons {
		fmt.Fprintf(&b, "  %d %s\n", i+1, strings.ToLower(strings.ReplaceAll(r, "_", " ")))
	}
	return b.String()
}
