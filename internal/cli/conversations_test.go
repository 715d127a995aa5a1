package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

func TestConversationsListShowDelete(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	_, out, _ := w.run(t, "", false, "chat", "--profile", scenario.Mary, "--json", "-m", "What is the ACME budget?")
	a := decodeAnswers(t, out)[0]

	code, out, errOut := w.run(t, "", false, "conversations", "list", "--profile", scenario.Mary)
	if code != ExitOK || !strings.HasPrefix(out, "CONVERSATION ID") || !strings.Contains(out, a.ConversationID) {
		t.Fatalf("list: exit %d, %q %s", code, out, errOut)
	}
	_, out, _ = w.run(t, "", false, "conversations", "list", "--profile", scenario.Mary, "--json")
	var convs []struct {
		ID string `json:"conversationId"`
	}
	if err := json.Unmarshal([]byte(out), &convs); err != nil || len(convs) != 1 || convs[0].ID != a.ConversationID {
		t.Fatalf("list --json = %q (%v)", out, err)
	}
	code, out, _ = w.run(t, "", false, "conversations", "show", a.ConversationID, "--profile", scenario.Mary)
	if code != ExitOK || !strings.HasPrefix(out, "> What is the ACME budget?\n") || !strings.Contains(out, "answer "+a.SystemMessageID) {
		t.Errorf("show: exit %d, %q", code, out)
	}
	_, out, _ = w.run(t, "", false, "conversations", "show", a.ConversationID, "--profile", scenario.Mary, "--json")
	var msgs []struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal([]byte(out), &msgs); err != nil || len(msgs) != 2 || msgs[0].Type != "USER" {
		t.Errorf("show --json = %q (%v), want USER then SYSTEM", out, err)
	}
	if code, _, errOut = w.run(t, "", false, "conversations", "delete", a.ConversationID, "--profile", scenario.Mary); code != ExitOK {
		t.Fatalf("delete: exit %d %s", code, errOut)
	}
	_, out, _ = w.run(t, "", false, "conversations", "list", "--profile", scenario.Mary, "--json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("after delete list = %q, want []", out)
	}
	code, _, errOut = w.run(t, "", false, "conversations", "show", a.ConversationID, "--profile", scenario.Mary)
	if code != ExitError || !strings.Contains(errOut, "not found") {
		t.Errorf("show deleted: exit %d, %q", code, errOut)
	}
}

func TestFeedbackCommand(t *testing.T) {
	w := startChatWorld(t, scenario.Mary, scenario.Mateo)
	_, out, _ := w.run(t, "", false, "chat", "--profile", scenario.Mary, "--json", "-m", "What is the ACME budget?")
	a := decodeAnswers(t, out)[0]
	tests := []struct {
		name       string
		args       []string
		code       int
		usefulness string
	}{
		{"useful", []string{"--useful", "--reason", "helpful", "--comment", "clear"}, ExitOK, "USEFUL"},
		{"not useful", []string{"--not-useful", "--reason", "not-factually-correct"}, ExitOK, "NOT_USEFUL"},
		{"both", []string{"--useful", "--not-useful"}, ExitUsage, ""},
		{"neither", nil, ExitUsage, ""},
		{"bad reason", []string{"--useful", "--reason", "amazing"}, ExitUsage, ""},
		{"another user's message", []string{"--profile", scenario.Mateo, "--not-useful"}, ExitError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"feedback", a.SystemMessageID, "--conversation", a.ConversationID}, tt.args...)
			if !strings.Contains(strings.Join(tt.args, " "), "--profile") {
				args = append(args, "--profile", scenario.Mary)
			}
			before := len(w.entries("PutFeedback"))
			code, _, errOut := w.run(t, "", false, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			es := w.entries("PutFeedback")
			if tt.usefulness == "" {
				if tt.code == ExitUsage && len(es) != before {
					t.Errorf("a usage error reached the service")
				}
				return
			}
			if got := es[len(es)-1].Detail["usefulness"]; got != tt.usefulness {
				t.Errorf("ledger usefulness %q, want %s", got, tt.usefulness)
			}
		})
	}
	if n := len(w.sb.Ledger.Entries(nil)); n == 0 {
		t.Fatal("empty ledger")
	}
}
