package cli

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// TestChatAndShowJSONAgree: an answer of chat --json and the same answer
// in conversations show --json use the same field names for the same
// things (messageId, type, text, sources and each source's fields), with
// the same values.
func TestChatAndShowJSONAgree(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	_, out, errOut := w.run(t, "", false, "chat", "--profile", scenario.Mary, "--json", "-m", "When does the ACME project launch?")
	var chat map[string]any
	if err := json.Unmarshal([]byte(out), &chat); err != nil {
		t.Fatalf("chat --json %q: %v (%s)", out, err, errOut)
	}
	conv, _ := chat["conversationId"].(string)
	_, out, _ = w.run(t, "", false, "conversations", "show", conv, "--profile", scenario.Mary, "--json")
	var msgs []map[string]any
	if err := json.Unmarshal([]byte(out), &msgs); err != nil || len(msgs) != 2 {
		t.Fatalf("show --json %q: %v", out, err)
	}
	shown := msgs[1]
	for _, k := range slices.Sorted(maps.Keys(shown)) {
		if k == "time" {
			continue // when the service stored it; chat answers before that
		}
		got, _ := json.Marshal(chat[k])
		want, _ := json.Marshal(shown[k])
		if string(got) != string(want) {
			t.Errorf("%s: chat --json says %s, conversations show --json says %s", k, got, want)
		}
	}
	if len(shown["sources"].([]any)) == 0 {
		t.Fatal("the answer cites nothing; the test needs a cited answer")
	}
}

// TestTextChatShowsIDsAndFeedback: a text answer ends with its
// conversation and message ids and the qbiz feedback command that rates
// it; running that command confirms which answer it rated.
func TestTextChatShowsIDsAndFeedback(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	code, out, errOut := w.run(t, "", false, "chat", "--profile", scenario.Mary, "-m", "What is the ACME budget?")
	if code != ExitOK {
		t.Fatalf("chat: exit %d: %s", code, errOut)
	}
	_, js, _ := w.run(t, "", false, "conversations", "list", "--profile", scenario.Mary, "--json")
	var convs []struct {
		ID string `json:"conversationId"`
	}
	if err := json.Unmarshal([]byte(js), &convs); err != nil || len(convs) != 1 {
		t.Fatalf("list: %q %v", js, err)
	}
	line := lineWith(t, out, "Rate it: ")
	if !strings.Contains(out, "Conversation "+convs[0].ID+", answer ") {
		t.Fatalf("text answer does not name its conversation:\n%s", out)
	}
	args := strings.Fields(strings.TrimPrefix(line, "Rate it: qbiz "))
	args = args[:len(args)-2] // drop "(or --not-useful)"
	code, fbOut, fbErr := w.run(t, "", false, args...)
	msgID := args[len(args)-2]
	if code != ExitOK || !strings.Contains(fbOut, "answer "+msgID+" of conversation "+convs[0].ID+" marked useful") {
		t.Errorf("feedback %v: exit %d, %q %s", args, code, fbOut, fbErr)
	}
}

// lineWith returns the line of out starting with prefix.
func lineWith(t *testing.T, out, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no line starting %q in:\n%s", prefix, out)
	return ""
}
