package qchat_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

func TestStreamedAnswerEqualsFinalMessage(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	var chunks []string
	got, err := c.Stream(context.Background(), qchat.Question{Text: "When does the ACME project launch?"}, func(s string) { chunks = append(chunks, s) })
	if err != nil {
		t.Fatal(err)
	}
	if !got.Streamed || len(chunks) < 2 {
		t.Errorf("streamed=%v in %d chunks, want a streamed answer in several chunks", got.Streamed, len(chunks))
	}
	if joined := strings.Join(chunks, ""); joined != got.Text || got.Text == "" {
		t.Errorf("streamed text %q, final message %q", joined, got.Text)
	}
	if len(got.Sources) == 0 || !strings.Contains(got.Sources[0].Title, "ACME") {
		t.Errorf("sources %+v, want the ACME documents", got.Sources)
	}
	sync, err := c.Ask(context.Background(), qchat.Question{Text: "When does the ACME project launch?"})
	if err != nil {
		t.Fatal(err)
	}
	if sync.Text != got.Text {
		t.Errorf("ChatSync answered %q, the stream %q", sync.Text, got.Text)
	}
}

func TestContinuityAcrossFiveTurns(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	var th qchat.Thread
	for i, q := range []string{"What is the ACME budget?", "When is the launch?", "Who leads it?", "What are the risks?", "Summarise."} {
		ask := c.Stream
		if i%2 == 1 {
			ask = func(ctx context.Context, q qchat.Question, _ func(string)) (*qchat.Answer, error) {
				return c.Ask(ctx, q)
			}
		}
		a, err := ask(context.Background(), th.Question(q), nil)
		if err != nil {
			t.Fatalf("turn %d: %v", i+1, err)
		}
		if i > 0 && a.ConversationID != th.ConversationID {
			t.Fatalf("turn %d moved to conversation %s from %s", i+1, a.ConversationID, th.ConversationID)
		}
		th.Follow(a)
	}
	msgs, err := c.Messages(context.Background(), th.ConversationID)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 10 || msgs[0].Body != "What is the ACME budget?" || msgs[9].ID != th.ParentMessageID {
		t.Fatalf("messages %+v, want 10 oldest first ending with %s", msgs, th.ParentMessageID)
	}
	for i, m := range msgs {
		if want := i%2 == 1; m.IsSystem() != want {
			t.Errorf("message %d type %s", i, m.Type)
		}
	}
}

func TestResumeFromList(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	ctx := context.Background()
	first, err := c.Ask(ctx, qchat.Question{Text: "What is the ACME budget?"})
	if err != nil {
		t.Fatal(err)
	}
	convs, err := c.Conversations(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 2 || convs[0].ID != first.ConversationID {
		t.Fatalf("conversations %+v, want the newest (%s) first of 2", convs, first.ConversationID)
	}
	th, msgs, err := c.Resume(ctx, convs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if th.ParentMessageID != first.SystemMessageID || len(msgs) != 2 {
		t.Fatalf("resumed %+v with %d messages, want parent %s", th, len(msgs), first.SystemMessageID)
	}
	next, err := c.Stream(ctx, th.Question("And the launch date?"), nil)
	if err != nil || next.ConversationID != first.ConversationID || next.NewConversation {
		t.Fatalf("continued into %+v, %v; want conversation %s", next, err, first.ConversationID)
	}
}

func TestConversationsPaginates(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary, func(o *qchat.Options) { o.PageSize = 2 })
	for range 4 {
		if _, err := c.Ask(context.Background(), qchat.Question{Text: "budget?"}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ limit, want, pages int }{{0, 5, 3}, {3, 3, 2}, {10, 5, 3}, {1, 1, 1}}
	for _, tt := range tests {
		before := len(w.entries("ListConversations"))
		got, err := c.Conversations(context.Background(), tt.limit)
		if err != nil || len(got) != tt.want {
			t.Errorf("Conversations(%d) = %d, %v; want %d", tt.limit, len(got), err, tt.want)
		}
		if pages := len(w.entries("ListConversations")) - before; pages != tt.pages {
			t.Errorf("Conversations(%d) read %d pages of 2, want %d", tt.limit, pages, tt.pages)
		}
	}
}

func TestDeleteConversation(t *testing.T) {
	w := startWorld(t)
	c, n := w.client(t, scenario.Mary)
	ctx := context.Background()
	a, err := c.Ask(ctx, qchat.Question{Text: "What is the ACME budget?"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConversation(ctx, a.ConversationID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Messages(ctx, a.ConversationID); !errors.Is(err, qchat.ErrNotFound) {
		t.Errorf("Messages after delete: %v, want ErrNotFound", err)
	}
	if err := c.DeleteConversation(ctx, a.ConversationID); !errors.Is(err, qchat.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	th := qchat.Thread{ConversationID: a.ConversationID, ParentMessageID: a.SystemMessageID}
	next, err := c.Stream(ctx, th.Question("Still there?"), nil)
	if err != nil || !next.NewConversation || next.ConversationID == a.ConversationID {
		t.Fatalf("stale conversation gave %+v, %v; want a new conversation", next, err)
	}
	if !strings.Contains(n.all(), "starting a new one") {
		t.Errorf("the person was not told: %q", n.all())
	}
}

func TestFeedbackRecorded(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	ctx := context.Background()
	a, err := c.Ask(ctx, qchat.Question{Text: "What is the ACME budget?"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fb   qchat.Feedback
		want string
		err  error
	}{
		{"useful", qchat.Feedback{Useful: true, Reason: "HELPFUL", Comment: "spot on"}, "USEFUL", nil},
		{"not useful", qchat.Feedback{Reason: "NOT_FACTUALLY_CORRECT"}, "NOT_USEFUL", nil},
		{"unknown reason", qchat.Feedback{Useful: true, Reason: "GREAT"}, "", qchat.ErrInvalidFeedback},
		{"long comment", qchat.Feedback{Comment: strings.Repeat("x", 1001)}, "", qchat.ErrInvalidFeedback},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(w.entries("PutFeedback"))
			err := c.PutFeedback(ctx, a.ConversationID, a.SystemMessageID, tt.fb)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("PutFeedback: %v, want %v", err, tt.err)
			}
			es := w.entries("PutFeedback")
			if tt.err != nil {
				if len(es) != before {
					t.Errorf("invalid feedback reached the service")
				}
				return
			}
			if got := es[len(es)-1]; got.Detail["usefulness"] != tt.want || got.Status != 200 {
				t.Errorf("ledger %+v, want usefulness %s", got, tt.want)
			}
		})
	}
}

func TestSubscriptionRetriedOnce(t *testing.T) {
	for _, streamed := range []bool{false, true} {
		t.Run(map[bool]string{false: "ChatSync", true: "Chat"}[streamed], func(t *testing.T) {
			w := startWorld(t)
			n := &notes{}
			c := w.newClient(t, w.app(t, "oidc").ApplicationID, w.signIn(t, scenario.Mateo), n, qchat.DefaultRetry)
			ask := func(q qchat.Question) (*qchat.Answer, error) { return c.Ask(context.Background(), q) }
			if streamed {
				ask = func(q qchat.Question) (*qchat.Answer, error) { return c.Stream(context.Background(), q, nil) }
			}
			if _, err := ask(qchat.Question{Text: "What is the AnyOrgApp budget?"}); err != nil {
				t.Fatalf("first call: %v", err)
			}
			if !strings.Contains(n.all(), "subscribed") {
				t.Errorf("notes %q, want the subscription explained", n.all())
			}
			denied := w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Code == "AccessDeniedException" })
			if denied != 1 {
				t.Errorf("%d AccessDenied, want exactly the first call", denied)
			}
		})
	}
}

func TestThrottlingRetried(t *testing.T) {
	tests := []struct {
		name     string
		throttle int
		stream   bool
		wantErr  error
	}{
		{"ChatSync recovers", 2, false, nil},
		{"Chat recovers", 2, true, nil},
		{"ChatSync gives up", 10, false, qchat.ErrThrottled},
		{"Chat gives up", 10, true, qchat.ErrThrottled},
	}
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.sb.Faults.Set("qbusiness", faults.Rule{ThrottleNext: tt.throttle})
			defer w.sb.Faults.Reset()
			before := w.sb.Ledger.Count(nil)
			var err error
			if tt.stream {
				_, err = c.Stream(context.Background(), qchat.Question{Text: "ACME budget?"}, nil)
			} else {
				_, err = c.Ask(context.Background(), qchat.Question{Text: "ACME budget?"})
			}
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil && !strings.Contains(err.Error(), "after 3 attempts") {
				t.Errorf("message %q does not say how often it tried", err)
			}
			if got, want := w.sb.Ledger.Count(nil)-before, min(tt.throttle, 2)+1; tt.wantErr == nil && got != want {
				t.Errorf("%d requests, want %d (throttled ones retried)", got, want)
			}
		})
	}
}

func TestServerErrorsRetriedThenExplained(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	w.sb.Faults.Set("qbusiness", faults.Rule{FailNext: 1})
	if _, err := c.Ask(context.Background(), qchat.Question{Text: "ACME budget?"}); err != nil {
		t.Fatalf("one 500 not retried: %v", err)
	}
	w.sb.Faults.Set("qbusiness", faults.Rule{FailNext: 10})
	_, err := c.Conversations(context.Background(), 0)
	if !errors.Is(err, qchat.ErrUnavailable) || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Errorf("err = %v, want ErrUnavailable after 3 attempts", err)
	}
}

func TestAnotherUsersConversationRefused(t *testing.T) {
	w := startWorld(t)
	mary, _ := w.client(t, scenario.Mary)
	mateo, _ := w.client(t, scenario.Mateo)
	ctx := context.Background()
	a, err := mary.Ask(ctx, qchat.Question{Text: "What is the ACME budget?"})
	if err != nil {
		t.Fatal(err)
	}
	refusals := []struct {
		name string
		call func() error
	}{
		{"ListMessages", func() error { _, err := mateo.Messages(ctx, a.ConversationID); return err }},
		{"Resume", func() error { _, _, err := mateo.Resume(ctx, a.ConversationID); return err }},
		{"DeleteConversation", func() error { return mateo.DeleteConversation(ctx, a.ConversationID) }},
		{"PutFeedback", func() error {
			return mateo.PutFeedback(ctx, a.ConversationID, a.SystemMessageID, qchat.Feedback{Useful: false, Reason: "HARMFUL_OR_UNSAFE"})
		}},
	}
	for _, r := range refusals {
		if err := r.call(); !errors.Is(err, qchat.ErrNotFound) {
			t.Errorf("%s of Mary's conversation as Mateo: %v, want ErrNotFound", r.name, err)
		}
	}
	th := qchat.Thread{ConversationID: a.ConversationID, ParentMessageID: a.SystemMessageID}
	got, err := mateo.Stream(ctx, th.Question("What did Mary ask?"), nil)
	if err != nil || got.ConversationID == a.ConversationID || !got.NewConversation {
		t.Fatalf("Mateo continuing Mary's conversation got %+v, %v; want a new conversation of his own", got, err)
	}
	msgs, err := mary.Messages(ctx, a.ConversationID)
	if err != nil || len(msgs) != 2 {
		t.Errorf("Mary's conversation now has %d messages (%v), want her 2", len(msgs), err)
	}
	if strings.Contains(got.Text, "ACME") {
		t.Errorf("Mateo's answer mentions ACME: %q", got.Text)
	}
}

func TestUnknownApplication(t *testing.T) {
	w := startWorld(t)
	c := w.newClient(t, "a1b2c3d4-0000-4000-8000-000000000000", w.signIn(t, scenario.Mary), &notes{}, qchat.DefaultRetry)
	_, err := c.Ask(context.Background(), qchat.Question{Text: "hi"})
	// The role may act on its own application only, so IAM refuses first.
	if !errors.Is(err, qchat.ErrAccessDenied) || !strings.Contains(err.Error(), "your role must allow qbusiness:ChatSync") {
		t.Fatalf("err = %v, want access denied naming qbusiness:ChatSync", err)
	}
}

func TestAttachmentsReachTheService(t *testing.T) {
	w := startWorld(t)
	w.enableAttachments(t)
	c, _ := w.client(t, scenario.Mary)
	a, err := c.Stream(context.Background(), qchat.Question{Text: "Summarise the notes", Attachments: attachments(1, 10)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.FailedAttachments) != 0 {
		t.Errorf("failed attachments %+v", a.FailedAttachments)
	}
}
