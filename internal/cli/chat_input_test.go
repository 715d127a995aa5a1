package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// TestChatEmptyQuestion: no question is a usage error, refused before
// any call to AWS.
func TestChatEmptyQuestion(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"-m empty", "", []string{"-m", ""}},
		{"-m blank", "", []string{"-m", "  \t "}},
		{"-m= empty", "", []string{"--message="}},
		{"empty pipe", "", nil},
		{"blank lines", "\n   \n\t\n", nil},
		{"empty pipe, json", "", []string{"--json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.sb.Ledger.Count(nil)
			args := append([]string{"chat", "--profile", scenario.Mary}, tt.args...)
			code, out, errOut := w.run(t, tt.stdin, false, args...)
			if code != ExitUsage || !strings.Contains(errOut, "empty question") || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and empty question", code, out, errOut)
			}
			if n := w.sb.Ledger.Count(nil) - before; n != 0 {
				t.Errorf("%d AWS calls for no question", n)
			}
		})
	}
}

func TestUseTUI(t *testing.T) {
	tests := []struct {
		name          string
		stdin, stdout bool
		f             chatFlags
		want          bool
	}{
		{"both terminals", true, true, chatFlags{}, true},
		{"stdout a pipe", true, false, chatFlags{}, false},
		{"stdin a pipe", false, true, chatFlags{}, false},
		{"json", true, true, chatFlags{json: true}, false},
		{"one question", true, true, chatFlags{message: "hi", messageSet: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Env{IsTerminal: func() bool { return tt.stdin }, OutputIsTerminal: func() bool { return tt.stdout }}
			if got := useTUI(env, tt.f); got != tt.want {
				t.Errorf("useTUI = %v, want %v", got, tt.want)
			}
		})
	}
	if useTUI(Env{}, chatFlags{}) {
		t.Error("useTUI with no terminal checks = true")
	}
}

// TestChatToANonTerminalWritesNoEscapes: with a terminal for input but
// output to a pipe, questions are read line by line and the answers are
// plain text.
func TestChatToANonTerminalWritesNoEscapes(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	var out, errb bytes.Buffer
	env := w.env(Env{Stdin: strings.NewReader("When does the ACME project launch?\n"), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Environ: func() []string { return nil },
		IsTerminal: func() bool { return true }, OutputIsTerminal: func() bool { return false }})
	code := Main(context.Background(), []string{"chat", "--profile", scenario.Mary}, env)
	if code != ExitOK || !strings.Contains(out.String(), "Sources:") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want an answer", code, out.String(), errb.String())
	}
	if strings.Contains(out.String()+errb.String(), "\x1b") {
		t.Errorf("escape sequence written to a non-terminal: %q", out.String())
	}
}
