package sandbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

func citations(out *qbusiness.ChatSyncOutput) string {
	var b strings.Builder
	for _, a := range out.SourceAttributions {
		b.WriteString(aws.ToString(a.Title) + " " + aws.ToString(a.Url) + "|")
	}
	return b.String()
}

// TestThreePathsEndInIdentityAwareAnswers signs Mary and Mateo in through
// each identity path and checks each sees only their own project.
func TestThreePathsEndInIdentityAwareAnswers(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioDemo})
	paths := map[string]func(testing.TB, string) aws.CredentialsProvider{"oidc": w.oidcCreds, "saml": w.samlCreds, "idc": w.idcCreds}
	users := []struct{ user, question, want, notWant string }{
		{mary, "When does the ACME project launch?", "ACME", "AnyOrgApp"},
		{mateo, "What is the AnyOrgApp project budget?", "AnyOrgApp", "ACME"},
	}
	for _, mode := range []string{"oidc", "saml", "idc"} {
		for _, u := range users {
			t.Run(mode+"/"+u.user, func(t *testing.T) {
				creds := paths[mode](t, u.user)
				q := qbusiness.NewFromConfig(w.cfg(creds))
				out := subscribeAndChat(t, q, w.app(t, mode).ApplicationID, u.question)
				cited := citations(out)
				if !strings.Contains(cited, u.want) || strings.Contains(cited, u.notWant) {
					t.Errorf("%s cites %q; want %s and never %s", u.user, cited, u.want, u.notWant)
				}
				if strings.Contains(aws.ToString(out.SystemMessage), u.notWant) {
					t.Errorf("answer leaks %s: %q", u.notWant, aws.ToString(out.SystemMessage))
				}
				checkLedger(t, w, mode, u.user, creds)
				checkCallerIdentity(t, w, creds, mode)
			})
		}
	}
}

// checkLedger finds the ChatSync just served and checks it was signed with
// creds and carried the user's identity (the email, or the Identity Center
// user for the idc path).
func checkLedger(t *testing.T, w *world, mode, user string, creds aws.CredentialsProvider) {
	t.Helper()
	c, err := creds.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var last *ledger.Entry
	for _, e := range w.sb.Ledger.Entries(nil) {
		if e.Service == "qbusiness" && e.Operation == "ChatSync" && e.Status == 200 {
			last = &e
		}
	}
	switch {
	case last == nil:
		t.Fatal("no ChatSync in the ledger")
	case last.AccessKeyID != c.AccessKeyID:
		t.Errorf("last ChatSync signed by %s, want %s", last.AccessKeyID, c.AccessKeyID)
	case mode == "idc" && !strings.HasPrefix(last.Identity, "idc:"):
		t.Errorf("idc ChatSync identity %q, want an Identity Center user", last.Identity)
	case mode != "idc" && !strings.EqualFold(last.Identity, user):
		t.Errorf("ChatSync identity %q, want %s", last.Identity, user)
	}
}

func checkCallerIdentity(t *testing.T, w *world, creds aws.CredentialsProvider, mode string) {
	t.Helper()
	id, err := sts.NewFromConfig(w.cfg(creds)).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if aws.ToString(id.Account) != sandbox.Account || !strings.Contains(aws.ToString(id.Arn), ":assumed-role/qbiz-sandbox-"+mode+"-role/") {
		t.Errorf("caller identity %s %s", aws.ToString(id.Account), aws.ToString(id.Arn))
	}
}

// TestChatEventStreamOverH2C drives the streaming Chat operation through the
// composed sandbox.
func TestChatEventStreamOverH2C(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	q := qbusiness.NewFromConfig(w.cfg(w.oidcCreds(t, mary)))
	appID := w.app(t, "oidc").ApplicationID
	subscribeAndChat(t, q, appID, "hello")
	text, cited := streamChat(t, q, appID, "When does the ACME project launch?")
	if text == "" || !strings.Contains(cited, "ACME") || strings.Contains(cited, "AnyOrgApp") {
		t.Errorf("stream text %q, citations %q", text, cited)
	}
}

func streamChat(t *testing.T, q *qbusiness.Client, appID, question string) (text, cited string) {
	t.Helper()
	out, err := q.Chat(context.Background(), &qbusiness.ChatInput{ApplicationId: aws.String(appID)})
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	st := out.GetStream()
	defer st.Close()
	if err := st.Send(context.Background(), &types.ChatInputStreamMemberTextEvent{Value: types.TextInputEvent{UserMessage: aws.String(question)}}); err != nil {
		t.Fatalf("send text event: %v", err)
	}
	if err := st.Send(context.Background(), &types.ChatInputStreamMemberEndOfInputEvent{}); err != nil {
		t.Fatalf("send end of input: %v", err)
	}
	var b, c strings.Builder
	for ev := range st.Events() {
		switch v := ev.(type) {
		case *types.ChatOutputStreamMemberTextEvent:
			b.WriteString(aws.ToString(v.Value.SystemMessage))
		case *types.ChatOutputStreamMemberMetadataEvent:
			for _, a := range v.Value.SourceAttributions {
				c.WriteString(aws.ToString(a.Title) + "|")
			}
		}
	}
	if err := st.Err(); err != nil {
		t.Fatalf("Chat stream: %v", err)
	}
	return b.String(), c.String()
}
