package sandbox_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// startPersistent starts a sandbox whose world lives in opts.StatePath.
func startPersistent(t *testing.T, opts sandbox.Options) *world {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return &world{sb: sb, info: sb.Info(), rec: &recorder{next: sb.HTTPClient()}}
}

func closeWorld(t *testing.T, w *world) {
	t.Helper()
	if err := w.sb.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

// TestStatePersistsAcrossRestart signs Mary in, chats, restarts the
// sandbox from its state file on the same address and checks the world
// (and everything issued before the restart) is still there.
func TestStatePersistsAcrossRestart(t *testing.T) {
	opts := sandbox.Options{Addr: freeAddr(t), StatePath: filepath.Join(t.TempDir(), "world.json")}
	w1 := startPersistent(t, opts)
	checkMode(t, opts.StatePath)
	creds := w1.oidcCreds(t, mary)
	earlierIDToken := w1.idToken(t, mateo)
	appID := w1.app(t, "oidc").ApplicationID
	conv := aws.ToString(subscribeAndChat(t, qbusiness.NewFromConfig(w1.cfg(creds)), appID, "When does the ACME project launch?").ConversationId)
	closeWorld(t, w1)

	w2 := startPersistent(t, opts)
	if !reflect.DeepEqual(w2.info.Applications, w1.info.Applications) || w2.info.AdminCredentials != w1.info.AdminCredentials {
		t.Fatalf("restored world differs:\n%+v\nwant\n%+v", w2.info, w1.info)
	}
	q := qbusiness.NewFromConfig(w2.cfg(creds))
	if _, err := q.ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String("And the budget?")}); err != nil {
		t.Fatalf("ChatSync with credentials issued before the restart: %v", err)
	}
	if !listsConversation(t, q, appID, conv) {
		t.Errorf("conversation %s from before the restart is not listed", conv)
	}
	if _, err := sts.NewFromConfig(w2.cfg(nil)).AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(w2.app(t, "oidc").RoleARN), RoleSessionName: aws.String("after-restart"), WebIdentityToken: aws.String(earlierIDToken)}); err != nil {
		t.Errorf("ID token issued before the restart: %v", err)
	}
	if _, err := sts.NewFromConfig(w2.cfg(w2.admin())).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("admin key after restart: %v", err)
	}
	for mode, login := range map[string]func(testing.TB, string) any{
		"saml": func(tb testing.TB, u string) any { return w2.samlCreds(tb, u) },
		"idc":  func(tb testing.TB, u string) any { return w2.idcCreds(tb, u) },
		"oidc": func(tb testing.TB, u string) any { return w2.oidcCreds(tb, u) },
	} {
		t.Run("fresh "+mode+" login", func(t *testing.T) { login(t, mateo) })
	}
	revokeSessions(t, w2)
	closeWorld(t, w2)

	w3 := startPersistent(t, opts)
	_, err := qbusiness.NewFromConfig(w3.cfg(creds)).ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String("hi")})
	if code, _ := apiError(err); code != "ExpiredTokenException" {
		t.Errorf("ChatSync with a session revoked before the restart: %v, want it refused", err)
	}
}

func checkMode(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("state file not written: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %04o, want 0600", fi.Mode().Perm())
	}
}

func listsConversation(t *testing.T, q *qbusiness.Client, appID, conv string) bool {
	t.Helper()
	out, err := q.ListConversations(context.Background(), &qbusiness.ListConversationsInput{ApplicationId: aws.String(appID)})
	if err != nil {
		t.Fatalf("ListConversations: %v", err)
	}
	for _, c := range out.Conversations {
		if aws.ToString(c.ConversationId) == conv {
			return true
		}
	}
	return false
}

func revokeSessions(t *testing.T, w *world) {
	t.Helper()
	resp, err := w.sb.HTTPClient().Post(w.sb.URL+"/sandbox/sessions/revoke", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: status %d", resp.StatusCode)
	}
}

// TestStateFileRefused checks every unusable state file stops Start with an
// error naming the file, and leaves the file alone.
func TestStateFileRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	addr := freeAddr(t)
	closeWorld(t, startPersistent(t, sandbox.Options{Addr: addr, Scenario: sandbox.ScenarioEmpty, StatePath: good}))
	valid, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	other := strings.Replace(string(valid), `"version":"qbiz-sandbox-state/1"`, `"version":"qbiz-sandbox-state/0"`, 1)
	cases := []struct {
		name, path, addr, scenario, want string
	}{
		{"corrupt", write("corrupt.json", []byte(`{"version":"qbiz-sandbox-state/1","seal_key":`), 0o600), addr, "", "corrupt"},
		{"not json", write("garbage.json", []byte("\x00\x01garbage"), 0o600), addr, "", "corrupt"},
		{"incomplete", write("incomplete.json", []byte(`{"version":"qbiz-sandbox-state/1","url":"http://`+addr+`"}`), 0o600), addr, "", "missing"},
		{"other version", write("other.json", []byte(other), 0o600), addr, "", "different sandbox version"},
		{"world readable", write("open.json", valid, 0o644), addr, "", "chmod 600"},
		{"group readable", write("group.json", valid, 0o640), addr, "", "chmod 600"},
		{"other address", write("moved.json", valid, 0o600), freeAddr(t), "", "--addr"},
		{"other scenario", write("scenario.json", valid, 0o600), addr, sandbox.ScenarioDemo, "--scenario empty"},
		{"missing directory", filepath.Join(dir, "nope", "state.json"), addr, "", "nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			scenario := c.scenario
			if scenario == "" {
				scenario = sandbox.ScenarioEmpty
			}
			before, _ := os.ReadFile(c.path)
			sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: c.addr, Scenario: scenario, StatePath: c.path})
			if err == nil {
				_ = sb.Close()
				t.Fatal("Start accepted the state file")
			}
			if !strings.Contains(err.Error(), c.path) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to name %s and say %q", err, c.path, c.want)
			}
			if after, _ := os.ReadFile(c.path); string(after) != string(before) {
				t.Error("the refused state file was changed")
			}
		})
	}
}

func TestSaveWithoutStatePath(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	if err := w.sb.Save(); err == nil || !strings.Contains(err.Error(), "StatePath") {
		t.Errorf("Save without a state file: %v", err)
	}
}

// TestSaveWhileServing saves repeatedly while a user chats, for the race
// detector, and checks the last save restores.
func TestSaveWhileServing(t *testing.T) {
	opts := sandbox.Options{Addr: freeAddr(t), StatePath: filepath.Join(t.TempDir(), "world.json")}
	w := startPersistent(t, opts)
	q := qbusiness.NewFromConfig(w.cfg(w.oidcCreds(t, mary)))
	appID := w.app(t, "oidc").ApplicationID
	subscribeAndChat(t, q, appID, "hello")
	done := make(chan error, 1)
	go func() {
		var err error
		for range 5 {
			if err = w.sb.Save(); err != nil {
				break
			}
		}
		done <- err
	}()
	for range 5 {
		if _, err := q.ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String("ACME launch?")}); err != nil {
			t.Fatalf("ChatSync: %v", err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("Save while serving: %v", err)
	}
	closeWorld(t, w)
	checkMode(t, opts.StatePath)
	startPersistent(t, opts)
}
