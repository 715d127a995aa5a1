package e2e_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/qbiz/qbiz/internal/mcpserver"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// mcpClient is one `qbiz mcp --profile P` process and the SDK's client
// session talking to it over the process's stdin and stdout.
type mcpClient struct {
	t  *testing.T
	cs *mcp.ClientSession
}

// startMCP runs the built qbiz as an MCP server for profile, with extra
// environment, and connects the SDK's client to it.
func (w *world) startMCP(t *testing.T, profile string, extra map[string]string) *mcpClient {
	t.Helper()
	cmd := exec.Command(qbizBin, "mcp", "--profile", profile)
	cmd.Env = environ(w.env(extra))
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "qbiz-e2e", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("connect to qbiz mcp --profile %s: %v\nstderr: %s", profile, err, stderr.String())
	}
	t.Cleanup(func() {
		if err := cs.Close(); err != nil {
			t.Errorf("close qbiz mcp --profile %s: %v", profile, err)
		}
		if t.Failed() {
			t.Logf("qbiz mcp --profile %s stderr:\n%s", profile, stderr.String())
		}
	})
	return &mcpClient{t: t, cs: cs}
}

// call calls a tool; the result is an error result or out is filled from
// its structured content.
func (c *mcpClient) call(tool string, args map[string]any, out any) *mcp.CallToolResult {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := c.cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		c.t.Fatalf("call %s: %v", tool, err)
	}
	if res.IsError || out == nil {
		return res
	}
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		c.t.Fatalf("%s result %s: %v", tool, b, err)
	}
	return res
}

// mustCall calls a tool that must succeed.
func (c *mcpClient) mustCall(tool string, args map[string]any, out any) {
	c.t.Helper()
	if res := c.call(tool, args, out); res.IsError {
		c.t.Fatalf("%s failed: %s", tool, resultText(res))
	}
}

func resultText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// browserTrap puts launchers first on PATH that record being run, and says
// a display is present, so that any attempt to open a browser shows.
func browserTrap(t *testing.T, w *world) (map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	marker := filepath.Join(dir, "browser-opened")
	script := "#!/bin/sh\necho \"$@\" >> " + marker + "\n"
	for _, name := range []string{"xdg-open", "open", "sensible-browser", "x-www-browser", "www-browser"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return map[string]string{"PATH": dir + string(os.PathListSeparator) + w.vars["PATH"], "BROWSER": filepath.Join(dir, "xdg-open"),
		"DISPLAY": ":0"}, marker
}

func titlesOf(rs []mcpserver.SearchResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

// TestMCPSearchIsTheSignedInUsers: the SDK's client, over the stdio pipe
// of `qbiz mcp`, finds only what the profile's user may read: Mary (OIDC)
// ACME, Mateo (SAML) AnyOrgApp.
func TestMCPSearchIsTheSignedInUsers(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", scenario.Mary)
	w.login("qbiz-sandbox-saml", scenario.Mateo)
	extra, marker := browserTrap(t, w)
	for _, tt := range []struct{ profile, email, want, never string }{
		{"qbiz-sandbox-oidc", scenario.Mary, "ACME", "AnyOrgApp"},
		{"qbiz-sandbox-saml", scenario.Mateo, "AnyOrgApp", "ACME"},
	} {
		t.Run(tt.profile, func(t *testing.T) {
			c := w.startMCP(t, tt.profile, extra)
			tools, err := c.cs.ListTools(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, tool := range tools.Tools {
				names = append(names, tool.Name)
			}
			if slices.Sort(names); !slices.Equal(names, []string{"ask", "conversations", "search", "whoami"}) {
				t.Errorf("tools %v", names)
			}
			var who mcpserver.Identity
			c.mustCall("whoami", nil, &who)
			if who.Email != tt.email || who.Profile != tt.profile || who.ApplicationID == "" {
				t.Errorf("whoami %+v, want %s", who, tt.email)
			}
			var found mcpserver.SearchOutput
			c.mustCall("search", map[string]any{"query": "project budget", "maxResults": 10}, &found)
			titles := titlesOf(found.Results)
			if len(titles) == 0 || !strings.Contains(titles[0], tt.want) {
				t.Errorf("%s found %q, want %s documents first", tt.email, titles, tt.want)
			}
			for _, r := range found.Results {
				if strings.Contains(r.Title+r.Snippet+r.URL, tt.never) || r.URL == "" || r.Snippet == "" {
					t.Errorf("%s found %+v", tt.email, r)
				}
			}
		})
	}
	if n := w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Operation == "SearchRelevantContent" && e.Status == 200 }); n != 2 {
		t.Errorf("%d successful SearchRelevantContent calls, want 2", n)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("a browser was opened")
	}
}

// TestMCPAskContinuesAConversation: ask answers with citations, a second
// ask with the conversationId continues that conversation, and the
// conversations tool lists it.
func TestMCPAskContinuesAConversation(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", scenario.Mary)
	extra, _ := browserTrap(t, w)
	c := w.startMCP(t, "qbiz-sandbox-oidc", extra)
	var first mcpserver.AskOutput
	c.mustCall("ask", map[string]any{"question": "When does the ACME project launch?"}, &first)
	if first.ConversationID == "" || first.Answer == "" || len(first.Citations) == 0 {
		t.Fatalf("first answer %+v", first)
	}
	for _, cite := range first.Citations {
		if !strings.Contains(cite.Title, "ACME") || cite.URL == "" || cite.Number < 1 {
			t.Errorf("citation %+v", cite)
		}
	}
	if !strings.Contains(first.Answer, "[1]") {
		t.Errorf("answer %q carries no citation marker", first.Answer)
	}
	var second mcpserver.AskOutput
	c.mustCall("ask", map[string]any{"question": "Who leads the ACME team?", "conversationId": first.ConversationID}, &second)
	if second.ConversationID != first.ConversationID || second.NewConversation || len(second.Citations) == 0 {
		t.Errorf("second answer %+v, want conversation %s continued", second, first.ConversationID)
	}
	turns := w.sb.Ledger.Count(func(e ledger.Entry) bool {
		return e.Operation == "ChatSync" && e.Status == 200 && e.Detail["conversation_id"] == first.ConversationID
	})
	if turns != 2 {
		t.Errorf("%d ChatSync turns in conversation %s, want 2", turns, first.ConversationID)
	}
	var listed mcpserver.ConversationsOutput
	c.mustCall("conversations", nil, &listed)
	if len(listed.Conversations) != 1 || listed.Conversations[0].ConversationID != first.ConversationID || listed.Conversations[0].StartTime == "" {
		t.Errorf("conversations %+v", listed)
	}
	res := c.call("ask", map[string]any{"question": "And then?", "conversationId": "00000000-0000-4000-8000-000000000000"}, nil)
	if !res.IsError || !strings.Contains(resultText(res), "not found") {
		t.Errorf("an unknown conversation: %+v %q", res, resultText(res))
	}
}

// TestMCPUnsignedProfileGetsLoginHint: a profile nobody signed in to gets
// an error result naming the exact qbiz login to run, no browser and no AWS
// call, and the server answers once that login has been run.
func TestMCPUnsignedProfileGetsLoginHint(t *testing.T) {
	w := newWorld(t)
	w.configure()
	extra, marker := browserTrap(t, w)
	profile := "qbiz-sandbox-idc"
	c := w.startMCP(t, profile, extra)
	ledgerBefore := w.ledgerCount("")
	for _, call := range []struct {
		tool string
		args map[string]any
	}{
		{"whoami", nil}, {"search", map[string]any{"query": "ACME"}}, {"ask", map[string]any{"question": "hi"}}, {"conversations", nil},
	} {
		res := c.call(call.tool, call.args, nil)
		if text := resultText(res); !res.IsError || !strings.Contains(text, "qbiz login --profile "+profile) {
			t.Errorf("%s: error=%v %q, want the login hint", call.tool, res.IsError, text)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("a browser was opened")
	}
	if n := w.ledgerCount(""); n != ledgerBefore {
		t.Errorf("%d AWS calls without a sign-in", n-ledgerBefore)
	}
	// Once the person runs the login named, the same server answers.
	w.login(profile, scenario.Mary)
	var who mcpserver.Identity
	c.mustCall("whoami", nil, &who)
	var found mcpserver.SearchOutput
	c.mustCall("search", map[string]any{"query": "ACME budget"}, &found)
	if who.Email != scenario.Mary || len(found.Results) == 0 || !strings.Contains(found.Results[0].Title, "ACME") {
		t.Errorf("after qbiz login: whoami %+v, search %q", who, titlesOf(found.Results))
	}
}
