package chatui

import (
	"context"
	"fmt"
	"io"

	tea "github.com/charmbracelet/bubbletea"
)

// Run runs the chat on a terminal until the person quits. started, if
// set, receives a function that delivers notices into the running chat.
func Run(ctx context.Context, b Backend, o Options, in io.Reader, out io.Writer, started func(notify func(string))) error {
	m := New(ctx, b, o)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out))
	if started != nil {
		started(func(s string) { go p.Send(NoticeMsg(s)) })
	}
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("chat: %w", err)
	}
	return nil
}
