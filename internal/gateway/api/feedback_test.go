package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

func feedbackBody(extra string) string {
	return `{"conversationId":"` + marysConv + `","messageId":"` + sysMsgID + `"` + extra + `}`
}

func TestFeedbackIsSentAsTheUser(t *testing.T) {
	e := newEnv(t)
	e.file(t, marysConv, mary)
	w := e.do(mary, http.MethodPost, "/api/feedback", feedbackBody(`,"usefulness":"NOT_USEFUL","reason":"NOT_FACTUALLY_CORRECT","comment":"wrong date"`))
	if w.Code != http.StatusNoContent {
		t.Fatalf("status %d %s", w.Code, w.Body)
	}
	calls := e.q.all()
	if len(calls) != 1 {
		t.Fatalf("calls %v", e.q.ops())
	}
	in := calls[0].in.(*qbusiness.PutFeedbackInput)
	u := in.MessageUsefulness
	if aws.ToString(in.ConversationId) != marysConv || aws.ToString(in.MessageId) != sysMsgID || u.Usefulness != types.MessageUsefulnessNotUseful ||
		u.Reason != types.MessageUsefulnessReasonNotFactuallyCorrect || aws.ToString(u.Comment) != "wrong date" || !aws.ToTime(u.SubmittedAt).Equal(clock) {
		t.Errorf("PutFeedback %+v %+v", in, u)
	}
	wantSignedAs(t, e, mary)
}

func TestFeedbackRefusedBeforeAnyCall(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"no usefulness", feedbackBody(``), "usefulness"},
		{"other usefulness", feedbackBody(`,"usefulness":"MEH"`), "usefulness"},
		{"unknown reason", feedbackBody(`,"usefulness":"USEFUL","reason":"BECAUSE"`), "NOT_FACTUALLY_CORRECT"},
		{"long comment", feedbackBody(`,"usefulness":"USEFUL","comment":"` + strings.Repeat("x", 1001) + `"`), "1000"},
		{"unknown field", feedbackBody(`,"usefulness":"USEFUL","submittedAt":"2020-01-01T00:00:00Z"`), "submittedAt"},
		{"bad message id", `{"conversationId":"` + marysConv + `","messageId":"x","usefulness":"USEFUL"}`, "messageId"},
		{"bad conversation id", `{"conversationId":"x","messageId":"` + sysMsgID + `","usefulness":"USEFUL"}`, "conversationId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.file(t, marysConv, mary)
			body := wantJSON(t, e.do(mary, http.MethodPost, "/api/feedback", tc.body), http.StatusBadRequest)
			if m, _ := body["message"].(string); !strings.Contains(m, tc.want) {
				t.Errorf("message %q, want it to name %s", m, tc.want)
			}
			if ops := e.q.ops(); len(ops) != 0 {
				t.Errorf("calls %v, want none", ops)
			}
		})
	}
}
