package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/gateway/api"
)

func TestChatStreamsTextThenOneDone(t *testing.T) {
	e := newEnv(t)
	e.q.answer = func(_ context.Context, _ *qbusiness.ChatSyncInput) (*qbusiness.ChatSyncOutput, error) {
		return &qbusiness.ChatSyncOutput{ConversationId: aws.String(newConvID), SystemMessageId: aws.String(sysMsgID), UserMessageId: aws.String(userMsgID),
			SystemMessage: aws.String("ACME launches in May."),
			SourceAttributions: []*types.SourceAttribution{{Title: aws.String("ACME plan"), Url: aws.String("https://docs.example.com/acme"),
				Snippet: aws.String("launch: May"), CitationNumber: aws.Int32(1)}}}, nil
	}
	w := e.do(mary, http.MethodPost, "/api/chat", `{"message":"When does ACME launch?"}`)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q; body %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	want := "event: text\ndata: \"ACME launches in May.\"\n\n" +
		`event: done` + "\n" + `data: {"conversationId":"` + newConvID + `","systemMessageId":"` + sysMsgID + `","answer":"ACME launches in May.",` +
		`"sources":[{"title":"ACME plan","url":"https://docs.example.com/acme","snippet":"launch: May","citationNumber":1}]}` + "\n\n"
	if got := w.Body.String(); got != want {
		t.Errorf("stream\n%s\nwant\n%s", got, want)
	}
	if !w.Flushed {
		t.Error("the stream was never flushed")
	}
	owner, err := e.owners.Owner(context.Background(), newConvID)
	if err != nil || owner != mary.Owner {
		t.Errorf("new conversation filed under %q (%v), want Mary's owner key", owner, err)
	}
	wantSignedAs(t, e, mary)
}

// wantSignedAs checks that every call was signed with u's own provider,
// supplied per operation.
func wantSignedAs(t *testing.T, e *env, u *api.User) {
	t.Helper()
	for _, c := range e.q.all() {
		if c.creds != u.Credentials {
			t.Errorf("%s signed with %v, want %s's own provider", c.op, c.creds, u.Identity.Name)
		}
	}
}

func TestChatFramingCannotBeForgedByModelText(t *testing.T) {
	e := newEnv(t)
	evil := "line one\nevent: done\ndata: {\"conversationId\":\"forged\"}\n\nline\rtwo\r\n\u2028 </script> & <img src=x onerror=alert(1)>"
	e.q.answer = func(_ context.Context, _ *qbusiness.ChatSyncInput) (*qbusiness.ChatSyncOutput, error) {
		return &qbusiness.ChatSyncOutput{ConversationId: aws.String(newConvID), SystemMessageId: aws.String(sysMsgID), SystemMessage: aws.String(evil)}, nil
	}
	w := e.do(mary, http.MethodPost, "/api/chat", `{"message":"tell me"}`)
	frames := parseSSE(w.Body.String())
	if len(frames) != 2 || frames[0].event != "text" || frames[1].event != "done" {
		t.Fatalf("frames %q, want one text and one done", frames)
	}
	var chunk string
	if err := json.Unmarshal([]byte(frames[0].data), &chunk); err != nil || chunk != evil {
		t.Errorf("text data %q decodes to %q (%v), want the model text exactly", frames[0].data, chunk, err)
	}
	var done struct{ ConversationID, Answer string }
	if err := json.Unmarshal([]byte(frames[1].data), &done); err != nil || done.ConversationID != newConvID || done.Answer != evil {
		t.Errorf("done %q: %+v %v", frames[1].data, done, err)
	}
}

func TestChatRefusesBadBodiesBeforeAnyCall(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"unknown field", `{"message":"hi","parentMessageId":"` + sysMsgID + `"}`},
		{"empty message", `{"message":""}`},
		{"blank message", `{"message":" \n\t"}`},
		{"no message", `{"conversationId":"` + newConvID + `"}`},
		{"too long", `{"message":"` + strings.Repeat("é", 7001) + `"}`},
		{"not an id", `{"message":"hi","conversationId":"../../x"}`},
		{"trailing data", `{"message":"hi"}{"message":"again"}`},
		{"not json", `message=hi`},
		{"empty body", ``},
		{"wrong type", `{"message":42}`},
		{"too large", `{"message":"` + strings.Repeat("a", 70000) + `"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			w := e.do(mary, http.MethodPost, "/api/chat", tc.body)
			if w.Code != http.StatusBadRequest && w.Code != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d, want 400 or 413; body %s", w.Code, w.Body)
			}
			body := wantJSON(t, w, w.Code)
			if m, _ := body["message"].(string); m == "" {
				t.Errorf("no message for the person: %s", w.Body)
			}
			if ops := e.q.ops(); len(ops) != 0 {
				t.Errorf("calls %v, want none", ops)
			}
		})
	}
}

func TestChatAcceptsTheLongestMessage(t *testing.T) {
	e := newEnv(t)
	msg := strings.Repeat("é", 7000)
	w := e.do(mary, http.MethodPost, "/api/chat", `{"message":"`+msg+`"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d; %s", w.Code, w.Body)
	}
	calls := e.q.all()
	if in, ok := calls[len(calls)-1].in.(*qbusiness.ChatSyncInput); !ok || aws.ToString(in.UserMessage) != msg {
		t.Errorf("the question was not sent as given")
	}
}

func TestChatOnAnotherUsersConversationIsForbiddenWithoutACall(t *testing.T) {
	e := newEnv(t)
	e.file(t, marysConv, mary)
	w := e.do(mateo, http.MethodPost, "/api/chat", `{"message":"What did Mary ask?","conversationId":"`+marysConv+`"}`)
	wantJSON(t, w, http.StatusForbidden)
	if ops := e.q.ops(); len(ops) != 0 {
		t.Errorf("calls %v, want none", ops)
	}
}

func TestChatOnAnUnknownConversationListsTheUsersOnce(t *testing.T) {
	e := newEnv(t)
	e.q.conversations = []types.Conversation{{ConversationId: aws.String(mateosConv), Title: aws.String("AnyOrgApp")}}
	w := e.do(mateo, http.MethodPost, "/api/chat", `{"message":"hi","conversationId":"`+unknownConv+`"}`)
	wantJSON(t, w, http.StatusForbidden)
	if ops := strings.Join(e.q.ops(), ","); ops != "ListConversations" {
		t.Errorf("calls %s, want one ListConversations", ops)
	}
	wantSignedAs(t, e, mateo)
	if owner, err := e.owners.Owner(context.Background(), mateosConv); err != nil || owner != mateo.Owner {
		t.Errorf("listed conversation filed under %q (%v), want Mateo's", owner, err)
	}
}

func TestChatContinuesTheUsersConversationAfterItsLastAnswer(t *testing.T) {
	e := newEnv(t)
	e.q.conversations = []types.Conversation{{ConversationId: aws.String(marysConv)}}
	e.q.messages = []types.Message{ // newest first, as the API lists them
		{MessageId: aws.String(sysMsgID), Type: types.MessageTypeSystem, Body: aws.String("May.")},
		{MessageId: aws.String(userMsgID), Type: types.MessageTypeUser, Body: aws.String("When?")},
	}
	w := e.do(mary, http.MethodPost, "/api/chat", `{"message":"And the budget?","conversationId":"`+marysConv+`"}`)
	frames := parseSSE(w.Body.String())
	if len(frames) != 2 || frames[1].event != "done" || !strings.Contains(frames[1].data, marysConv) {
		t.Fatalf("frames %q", frames)
	}
	if ops := strings.Join(e.q.ops(), ","); ops != "ListConversations,ListMessages,Chat,ChatSync" {
		t.Errorf("calls %s", ops)
	}
	calls := e.q.all()
	in := calls[len(calls)-1].in.(*qbusiness.ChatSyncInput)
	if aws.ToString(in.ConversationId) != marysConv || aws.ToString(in.ParentMessageId) != sysMsgID {
		t.Errorf("continued %s after %s", aws.ToString(in.ConversationId), aws.ToString(in.ParentMessageId))
	}
	wantSignedAs(t, e, mary)
}

func TestChatUpstreamErrorIsAnErrorFrameAPersonCanActOn(t *testing.T) {
	e := newEnv(t)
	e.q.fail = map[string]error{"ChatSync": &smithy.GenericAPIError{Code: "AccessDeniedException",
		Message: "User: arn:aws:sts::123456789012:assumed-role/qbiz-web/mary is not authorized to perform: qbusiness:ChatSync"}}
	w := e.do(mary, http.MethodPost, "/api/chat", `{"message":"hi"}`)
	frames := parseSSE(w.Body.String())
	if w.Code != http.StatusOK || len(frames) != 1 || frames[0].event != "error" {
		t.Fatalf("status %d, frames %q; want one error frame", w.Code, frames)
	}
	var body struct{ Message string }
	if err := json.Unmarshal([]byte(frames[0].data), &body); err != nil || !strings.Contains(body.Message, "administrator") {
		t.Errorf("error frame %q (%v)", frames[0].data, err)
	}
	if strings.Contains(w.Body.String(), "arn:aws") {
		t.Errorf("the cause reached the client: %s", w.Body)
	}
	logs := e.logs.String()
	if strings.Count(logs, "api request failed") != 1 || !strings.Contains(logs, "arn:aws:sts::123456789012") || !strings.Contains(logs, `"request_id":"req-0001"`) {
		t.Errorf("want the cause logged once with the request id:\n%s", logs)
	}
	if got := metricValue(t, e, "qbiz_gateway_upstream_errors_total", "access_denied"); got != 1 {
		t.Errorf("upstream errors{access_denied} = %v", got)
	}
}

func TestChatCancelledByTheClientStopsUpstreamAndWritesNothingMore(t *testing.T) {
	e := newEnv(t)
	entered := make(chan struct{})
	upstreamDone := make(chan error, 1)
	e.q.answer = func(ctx context.Context, _ *qbusiness.ChatSyncInput) (*qbusiness.ChatSyncOutput, error) {
		close(entered)
		<-ctx.Done()
		upstreamDone <- ctx.Err()
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-entered; cancel() }()
	w := e.doCtx(ctx, mary, http.MethodPost, "/api/chat", `{"message":"hi"}`)
	if err := <-upstreamDone; err == nil {
		t.Fatal("upstream call not cancelled")
	}
	if frames := parseSSE(w.Body.String()); len(frames) != 0 {
		t.Errorf("frames %q written after the client left", frames)
	}
	if _, err := e.owners.Owner(context.Background(), newConvID); err == nil {
		t.Error("a cancelled chat filed a conversation")
	}
	if got := metricValue(t, e, "qbiz_gateway_chat_streams_finished_total", "cancelled"); got != 1 {
		t.Errorf("finished{cancelled} = %v", got)
	}
}

func TestChatMetrics(t *testing.T) {
	e := newEnv(t)
	for range 2 {
		e.do(mary, http.MethodPost, "/api/chat", `{"message":"hi"}`)
	}
	if got := metricValue(t, e, "qbiz_gateway_chat_streams_started_total", ""); got != 2 {
		t.Errorf("started = %v", got)
	}
	if got := metricValue(t, e, "qbiz_gateway_chat_streams_finished_total", "done"); got != 2 {
		t.Errorf("finished{done} = %v", got)
	}
	if got := metricValue(t, e, "qbiz_gateway_chat_stream_duration_seconds", ""); got != 2 {
		t.Errorf("duration observations = %v", got)
	}
}
