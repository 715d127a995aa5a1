package qchat

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// Feedback is a person's verdict on one answer.
type Feedback struct {
	Useful bool
	// Reason is one of the API's MessageUsefulnessReason values (optional).
	Reason  string
	Comment string
}

// ErrInvalidFeedback means the feedback cannot be sent as given.
var ErrInvalidFeedback = errors.New("invalid feedback")

// FeedbackReasons lists the reasons the API accepts.
func FeedbackReasons() []string {
	var out []string
	for _, r := range types.MessageUsefulnessReason("").Values() {
		out = append(out, string(r))
	}
	return out
}

// PutFeedback records fb on the answer messageID of conversationID,
// stamped with the client's clock.
func (c *Client) PutFeedback(ctx context.Context, conversationID, messageID string, fb Feedback) error {
	u, err := fb.usefulness(c.opts.Now())
	if err != nil {
		return err
	}
	in := &qbusiness.PutFeedbackInput{ApplicationId: aws.String(c.appID),
		ConversationId: aws.String(conversationID), MessageId: aws.String(messageID), MessageUsefulness: u}
	err = c.subscribed(ctx, func() error { _, err := c.api.PutFeedback(ctx, in, c.signAsUser); return err })
	if err != nil {
		return c.fail(opPutFeedback, err)
	}
	return nil
}

func (fb Feedback) usefulness(now time.Time) (*types.MessageUsefulnessFeedback, error) {
	if fb.Reason != "" && !slices.Contains(FeedbackReasons(), fb.Reason) {
		return nil, fmt.Errorf("%w: reason %q is not one of %v", ErrInvalidFeedback, fb.Reason, FeedbackReasons())
	}
	if len(fb.Comment) > 1000 {
		return nil, fmt.Errorf("%w: comment is longer than 1000 characters", ErrInvalidFeedback)
	}
	u := &types.MessageUsefulnessFeedback{Usefulness: types.MessageUsefulnessNotUseful, Reason: types.MessageUsefulnessReason(fb.Reason), SubmittedAt: aws.Time(now)}
	if fb.Useful {
		u.Usefulness = types.MessageUsefulnessUseful
	}
	if fb.Comment != "" {
		u.Comment = aws.String(fb.Comment)
	}
	return u, nil
}
