package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

type jsonAnswer struct {
	ConversationID  string `json:"conversationId"`
	SystemMessageID string `json:"messageId"`
	Answer          string `json:"text"`
	Sources         []struct {
		Number int    `json:"number"`
		Title  string `json:"title"`
	} `json:"sources"`
}

func decodeAnswers(t *testing.T, out string) []jsonAnswer {
	t.Helper()
	var as []jsonAnswer
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var a jsonAnswer
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("decode %q: %v", out, err)
		}
		as = append(as, a)
	}
	return as
}

func TestChatOneShotGolden(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	tests := []struct {
		name string
		args []string
	}{
		{"oneshot_text", []string{"chat", "--profile", scenario.Mary, "-m", "When does the ACME project launch?"}},
		{"oneshot_json", []string{"chat", "--profile", scenario.Mary, "--json", "-m", "When does the ACME project launch?"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := w.run(t, "", true, tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if i == 0 && !strings.Contains(errOut, "subscribed") {
				t.Errorf("first call did not explain the subscription retry: %q", errOut)
			}
			golden(t, tt.name, out)
		})
	}
}

func TestChatPipeGolden(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	questions := "When does the ACME project launch?\n\nWhat is the ACME budget?\nWho is on the core team?\n"
	for _, name := range []string{"pipe_text", "pipe_json"} {
		t.Run(name, func(t *testing.T) {
			args := []string{"chat", "--profile", scenario.Mary}
			if name == "pipe_json" {
				args = append(args, "--json")
			}
			code, out, errOut := w.run(t, questions, false, args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, name, out)
			if name != "pipe_json" {
				return
			}
			as := decodeAnswers(t, out)
			if len(as) != 3 {
				t.Fatalf("%d answers, want 3", len(as))
			}
			for _, a := range as[1:] {
				if a.ConversationID != as[0].ConversationID {
					t.Errorf("answers spread over conversations %s and %s", as[0].ConversationID, a.ConversationID)
				}
			}
		})
	}
}

func TestChatContinuesConversation(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	_, out, _ := w.run(t, "", false, "chat", "--profile", scenario.Mary, "--json", "-m", "What is the ACME budget?")
	first := decodeAnswers(t, out)[0]
	code, out, errOut := w.run(t, "", false, "chat", "--profile", scenario.Mary, "--json", "--conversation", first.ConversationID, "-m", "And the launch?")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if next := decodeAnswers(t, out)[0]; next.ConversationID != first.ConversationID {
		t.Errorf("continued in %s, want %s", next.ConversationID, first.ConversationID)
	}
	if n := len(w.entries("ListMessages")); n != 1 {
		t.Errorf("%d ListMessages calls, want 1 to find the parent message", n)
	}
}

func TestChatAnotherUsersConversationRefused(t *testing.T) {
	w := startChatWorld(t, scenario.Mary, scenario.Mateo)
	_, out, _ := w.run(t, "", false, "chat", "--profile", scenario.Mary, "--json", "-m", "What is the ACME budget?")
	mary := decodeAnswers(t, out)[0]
	code, out, errOut := w.run(t, "", false, "chat", "--profile", scenario.Mateo, "--json", "--conversation", mary.ConversationID, "-m", "What did Mary ask?")
	if code != ExitError || out != "" {
		t.Fatalf("exit %d, stdout %q; want a refusal", code, out)
	}
	if !strings.Contains(errOut, "not found") || !strings.Contains(errOut, "qbiz conversations list --profile "+scenario.Mateo) {
		t.Errorf("stderr %q, want not found with a hint", errOut)
	}
	mateoChats := w.sb.Ledger.Count(func(e ledger.Entry) bool {
		return strings.EqualFold(e.Identity, scenario.Mateo) && (e.Operation == "Chat" || e.Operation == "ChatSync")
	})
	if mateoChats != 0 {
		t.Errorf("Mateo sent %d chat calls into Mary's conversation", mateoChats)
	}
}

func TestChatAttachmentLimits(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	dir := t.TempDir()
	file := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := file("notes.txt", 100)
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"six files", []string{small, small, small, small, small, small}, "6 files, at most 5"},
		{"eleven megabytes", []string{file("big.pdf", 11<<20)}, "big.pdf is 11.0 MB, at most 10 MB per file"},
		{"empty file", []string{file("empty.txt", 0)}, "empty.txt is empty"},
		{"missing file", []string{filepath.Join(dir, "nope.txt")}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"chat", "--profile", scenario.Mary, "-m", "Summarise"}
			for _, f := range tt.files {
				args = append(args, "--attach", f)
			}
			before := w.sb.Ledger.Count(nil)
			code, _, errOut := w.run(t, "", false, args...)
			if code != ExitError || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %q", code, errOut, tt.want)
			}
			if n := w.sb.Ledger.Count(nil) - before; n != 0 {
				t.Errorf("%d requests reached AWS before the limit check", n)
			}
		})
	}
}

func TestChatErrorsRenderedOnce(t *testing.T) {
	w := startChatWorld(t, scenario.Mary)
	denied := *w.sessions[scenario.Mary]
	if a, ok := w.info.App("saml"); ok {
		denied.Profile.ApplicationID = a.ApplicationID // the OIDC role may not use the SAML app
	}
	noApp := *w.sessions[scenario.Mary]
	noApp.Profile.ApplicationID = ""
	w.sessions["denied"], w.sessions["noapp"] = &denied, &noApp
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"access denied names the permission", []string{"chat", "--profile", "denied", "-m", "hi"}, ExitError,
			[]string{"qbusiness:Chat", "hint: ask your administrator", "profile denied"}},
		{"no application", []string{"chat", "--profile", "noapp", "-m", "hi"}, ExitError, []string{"qbiz configure --profile noapp"}},
		{"bad mode", []string{"chat", "--profile", scenario.Mary, "--mode", "poet", "-m", "hi"}, ExitUsage, []string{"want retrieval or creator"}},
		{"conversations of the denied app", []string{"conversations", "list", "--profile", "denied"}, ExitError, []string{"qbusiness:ListConversations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := w.run(t, "", false, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			for _, want := range tt.want {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr %q lacks %q", errOut, want)
				}
			}
			if n := strings.Count(errOut, "qbiz: "); n != 1 {
				t.Errorf("error rendered %d times: %q", n, errOut)
			}
		})
	}
}

func TestChatNotLoggedInNamesLogin(t *testing.T) {
	w := startChatWorld(t)
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	if err := os.WriteFile(cfgFile, []byte(w.info.AWSConfig()), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"AWS_CONFIG_FILE": cfgFile, "HOME": dir, "QBIZ_KEYRING_BACKEND": "file", "QBIZ_KEYRING_PASSWORD": "test-passphrase",
		"XDG_CACHE_HOME": dir, "XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": dir}
	var out, errb strings.Builder
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] },
		Environ: func() []string { return nil }, IsTerminal: func() bool { return false }}
	before := w.sb.Ledger.Count(nil)
	code := Main(t.Context(), []string{"chat", "--profile", "qbiz-sandbox-oidc", "-m", "hi"}, env)
	if code != ExitError || !strings.Contains(errb.String(), "qbiz login --profile qbiz-sandbox-oidc") {
		t.Errorf("exit %d, stderr %q; want the login command", code, errb.String())
	}
	if n := w.sb.Ledger.Count(nil) - before; n != 0 {
		t.Errorf("%d AWS calls without a sign-in", n)
	}
}
