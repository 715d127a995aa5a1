package chatui

import (
	"errors"
	"fmt"
	"testing"
)

type adviceErr struct{ error }

func (adviceErr) Hint() string { return "run: qbiz login --profile p" }

// TestErrorTextShowsTheHint: an error carrying advice shows it once, on
// its own line, however it was wrapped; a plain error shows its message.
func TestErrorTextShowsTheHint(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{errors.New("boom"), "error: boom"},
		{fmt.Errorf("chat: %w", adviceErr{errors.New("not logged in")}), "error: chat: not logged in\n  hint: run: qbiz login --profile p"},
	}
	for _, tt := range tests {
		if got := errorText(tt.err); got != tt.want {
			t.Errorf("errorText(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
