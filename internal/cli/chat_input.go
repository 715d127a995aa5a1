package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errEmptyQuestion means chat was given nothing to ask.
var errEmptyQuestion = errors.New("empty question")

// useTUI reports whether chat runs the terminal UI: only when both stdin
// and stdout are terminals, and neither -m nor --json asks for plain
// output. Anything else gets plain text, never an escape sequence.
func useTUI(env Env, f chatFlags) bool {
	return !f.messageSet && !f.json && isTerminal(env.IsTerminal) && isTerminal(env.OutputIsTerminal)
}

func isTerminal(check func() bool) bool { return check != nil && check() }

// questions are the questions of a chat without the terminal UI: the one
// given with -m, or one per non-blank line of stdin.
type questions struct {
	pending []string
	lines   *bufio.Scanner // nil for -m
}

// newQuestions reads up to the first question, so that a chat with
// nothing to ask fails before signing in or calling AWS.
func newQuestions(f chatFlags, stdin io.Reader) (*questions, error) {
	if f.messageSet {
		if strings.TrimSpace(f.message) == "" {
			return nil, usageError{fmt.Errorf("%w: -m needs a question", errEmptyQuestion)}
		}
		return &questions{pending: []string{f.message}}, nil
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	qs := &questions{lines: sc}
	q, ok, err := qs.scan()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, usageError{fmt.Errorf("%w: stdin holds no question; ask with -m TEXT or one per line", errEmptyQuestion)}
	}
	qs.pending = []string{q}
	return qs, nil
}

// next returns the next question; false at the end of input.
func (qs *questions) next() (string, bool, error) {
	if len(qs.pending) > 0 {
		q := qs.pending[0]
		qs.pending = qs.pending[1:]
		return q, true, nil
	}
	if qs.lines == nil {
		return "", false, nil
	}
	return qs.scan()
}

func (qs *questions) scan() (string, bool, error) {
	for qs.lines.Scan() {
		if q := strings.TrimSpace(qs.lines.Text()); q != "" {
			return q, true, nil
		}
	}
	if err := qs.lines.Err(); err != nil {
		return "", false, fmt.Errorf("read questions: %w", err)
	}
	return "", false, nil
}
