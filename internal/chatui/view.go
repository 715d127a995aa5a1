package chatui

import (
	"fmt"
	"strings"
)

const helpLine = "Enter ask · + useful · - not useful · Ctrl-N new · Ctrl-R resume · Ctrl-C cancel · Ctrl-D quit"

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// View renders the part below the printed transcript.
func (m *Model) View() string {
	var b strings.Builder
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
		b.WriteString(reasonsView())
	}
	if m.status != "" {
		b.WriteString(m.status + "\n")
	}
	if m.state == idle || m.state == waiting {
		b.WriteString("> " + string(m.input) + "█\n")
	}
	b.WriteString(helpLine)
	return b.String()
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

func reasonsView() string {
	var b strings.Builder
	b.WriteString("Why was it not useful? (1-8, Enter to skip, Esc to cancel)\n")
	for i, r := range notUsefulReasons {
		fmt.Fprintf(&b, "  %d %s\n", i+1, strings.ToLower(strings.ReplaceAll(r, "_", " ")))
	}
	return b.String()
}
