package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

func TestConversationsListsAndFilesTheUsersOwn(t *testing.T) {
	e := newEnv(t)
	started := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	// Q Business lists a conversation the gateway filed under Mateo (one
	// email at two IdPs is one Q Business user): it stays his.
	e.file(t, mateosConv, mateo)
	e.q.conversations = []types.Conversation{
		{ConversationId: aws.String(marysConv), Title: aws.String("ACME launch"), StartTime: aws.Time(started)},
		{ConversationId: aws.String(mateosConv), Title: aws.String("AnyOrgApp")},
		{ConversationId: aws.String(newConvID), Title: aws.String("untimed")},
	}
	w := e.do(mary, http.MethodGet, "/api/conversations", "")
	wantJSON(t, w, http.StatusOK)
	want := `{"conversations":[{"conversationId":"` + marysConv + `","title":"ACME launch","startTime":"2026-12-01T09:30:00Z"},` +
		`{"conversationId":"` + newConvID + `","title":"untimed"}]}` + "\n"
	if got := w.Body.String(); got != want {
		t.Errorf("list\n%s\nwant\n%s", got, want)
	}
	for id, who := range map[string]string{marysConv: mary.Owner, newConvID: mary.Owner, mateosConv: mateo.Owner} {
		if owner, err := e.owners.Owner(context.Background(), id); err != nil || owner != who {
			t.Errorf("%s filed under %q (%v)", id, owner, err)
		}
	}
	wantSignedAs(t, e, mary)
}

func TestConversationsEmptyIsAnEmptyList(t *testing.T) {
	e := newEnv(t)
	w := e.do(mary, http.MethodGet, "/api/conversations", "")
	wantJSON(t, w, http.StatusOK)
	if got := w.Body.String(); got != `{"conversations":[]}`+"\n" {
		t.Errorf("list %s", got)
	}
}

func TestConversationMessagesOldestFirst(t *testing.T) {
	e := newEnv(t)
	e.file(t, marysConv, mary)
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	e.q.messages = []types.Message{
		{MessageId: aws.String(sysMsgID), Type: types.MessageTypeSystem, Body: aws.String("May."), Time: aws.Time(at.Add(time.Second)),
			SourceAttribution: []*types.SourceAttribution{{Title: aws.String("ACME plan"), Url: aws.String("https://docs.example.com/acme"), CitationNumber: aws.Int32(1)}}},
		{MessageId: aws.String(userMsgID), Type: types.MessageTypeUser, Body: aws.String("When?"), Time: aws.Time(at)},
	}
	w := e.do(mary, http.MethodGet, "/api/conversations/"+marysConv, "")
	wantJSON(t, w, http.StatusOK)
	want := `{"messages":[{"messageId":"` + userMsgID + `","type":"USER","body":"When?","time":"2026-12-01T09:30:00Z","sources":[]},` +
		`{"messageId":"` + sysMsgID + `","type":"SYSTEM","body":"May.","time":"2026-12-01T09:30:01Z",` +
		`"sources":[{"title":"ACME plan","url":"https://docs.example.com/acme","snippet":"","citationNumber":1}]}]}` + "\n"
	if got := w.Body.String(); got != want {
		t.Errorf("messages\n%s\nwant\n%s", got, want)
	}
	if ops := strings.Join(e.q.ops(), ","); ops != "ListMessages" {
		t.Errorf("calls %s, want ListMessages alone (the owner was filed)", ops)
	}
	wantSignedAs(t, e, mary)
}

func TestDeleteConversation(t *testing.T) {
	e := newEnv(t)
	e.file(t, marysConv, mary)
	w := e.do(mary, http.MethodDelete, "/api/conversations/"+marysConv, "")
	if w.Code != http.StatusNoContent || w.Body.Len() != 0 {
		t.Fatalf("status %d body %q, want 204", w.Code, w.Body)
	}
	calls := e.q.all()
	if len(calls) != 1 || aws.ToString(calls[0].in.(*qbusiness.DeleteConversationInput).ConversationId) != marysConv {
		t.Errorf("calls %+v", calls)
	}
	wantSignedAs(t, e, mary)
}

func TestAnotherUsersConversationIsForbiddenBeforeAnyCall(t *testing.T) {
	for _, tc := range []struct{ method, path, body string }{
		{http.MethodGet, "/api/conversations/" + marysConv, ""},
		{http.MethodDelete, "/api/conversations/" + marysConv, ""},
		{http.MethodPost, "/api/feedback", `{"conversationId":"` + marysConv + `","messageId":"` + sysMsgID + `","usefulness":"NOT_USEFUL"}`},
		{http.MethodPost, "/api/chat", `{"message":"hi","conversationId":"` + marysConv + `"}`},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			e := newEnv(t)
			e.file(t, marysConv, mary)
			wantJSON(t, e.do(mateo, tc.method, tc.path, tc.body), http.StatusForbidden)
			if ops := e.q.ops(); len(ops) != 0 {
				t.Errorf("calls %v, want none", ops)
			}
		})
	}
}

func TestUnknownConversationIsForbiddenAfterOneListing(t *testing.T) {
	e := newEnv(t)
	e.q.conversations = []types.Conversation{{ConversationId: aws.String(mateosConv)}}
	wantJSON(t, e.do(mateo, http.MethodGet, "/api/conversations/"+unknownConv, ""), http.StatusForbidden)
	if ops := strings.Join(e.q.ops(), ","); ops != "ListConversations" {
		t.Errorf("calls %s, want one ListConversations", ops)
	}
}

func TestStoreFailureIsNotAnAnswer(t *testing.T) {
	e := newEnv(t)
	e.file(t, marysConv, mary)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the store refuses a cancelled context: Owner fails, not ErrNotFound
	w := e.doCtx(ctx, mary, http.MethodGet, "/api/conversations/"+marysConv, "")
	if w.Code == http.StatusOK || len(e.q.ops()) != 0 {
		t.Errorf("status %d, calls %v: a failed owner lookup served the conversation", w.Code, e.q.ops())
	}
}
