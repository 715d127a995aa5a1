package chatui

import "errors"

// errorText renders err for the transcript: its message and, when it
// carries advice (a Hint method, as the CLI's errors do), the advice on
// its own line.
func errorText(err error) string {
	s := "error: " + Sanitize(err.Error())
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		s += "\n  hint: " + Sanitize(h.Hint())
	}
	return s
}
