package logging

import (
	"io"
	"log/slog"
)

// New returns a logger writing to w (stderr for the CLI: stdout belongs to
// command output). verbose enables debug records; json selects the JSON
// handler instead of text. Every record passes through the redacting
// handler.
func New(w io.Writer, verbose, json bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if verbose {
		opts.Level = slog.LevelDebug
	}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if json {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(NewRedactingHandler(h))
}

// Discard returns a logger that drops everything, for tests and defaults.
func Discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
