package cli

import (
	"context"

	"github.com/qbiz/qbiz/internal/chatui"
	"github.com/qbiz/qbiz/internal/qchat"
)

// explainedBackend gives the terminal chat the errors of profile's
// Q Business calls with their hints (a sign-in that has ended names the
// login command), as the commands render them at the edge.
type explainedBackend struct {
	b       chatui.Backend
	profile string
}

func (x explainedBackend) Stream(ctx context.Context, q qchat.Question, onText func(string)) (*qchat.Answer, error) {
	a, err := x.b.Stream(ctx, q, onText)
	return a, explain(x.profile, err)
}

func (x explainedBackend) Conversations(ctx context.Context, limit int) ([]qchat.Conversation, error) {
	cs, err := x.b.Conversations(ctx, limit)
	return cs, explain(x.profile, err)
}

func (x explainedBackend) Resume(ctx context.Context, id string) (qchat.Thread, []qchat.Message, error) {
	th, msgs, err := x.b.Resume(ctx, id)
	return th, msgs, explain(x.profile, err)
}

func (x explainedBackend) PutFeedback(ctx context.Context, conversationID, messageID string, fb qchat.Feedback) error {
	return explain(x.profile, x.b.PutFeedback(ctx, conversationID, messageID, fb))
}
