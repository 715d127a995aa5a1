package cli

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/qbiz/qbiz/internal/chatui"
)

// interactive runs the terminal chat; the client's notices go into it.
func (s *chatRun) interactive(ctx context.Context) error {
	o := chatui.Options{Thread: s.thread, History: s.history, Mode: s.first.Mode, Attachments: s.first.Attachments,
		Hyperlinks: chatui.SupportsHyperlinks(s.getenv), Profile: s.profile, User: s.user}
	return chatui.Run(ctx, explainedBackend{s.client, s.profile}, o, s.env.Stdin, s.env.Stdout, s.notes.set)
}

func (s *chatRun) getenv(k string) string {
	if s.env.Getenv == nil {
		return ""
	}
	return s.env.Getenv(k)
}

// notifier delivers the client's notices to wherever the person is
// looking: stderr, or the running terminal chat.
type notifier struct {
	mu sync.Mutex
	to func(string)
}

func stderrNotifier(w io.Writer) *notifier {
	return &notifier{to: func(s string) { fmt.Fprintln(w, s) }}
}

func (n *notifier) notify(s string) {
	n.mu.Lock()
	to := n.to
	n.mu.Unlock()
	to(s)
}

func (n *notifier) set(to func(string)) {
	n.mu.Lock()
	n.to = to
	n.mu.Unlock()
}
