package qchat

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/smithy-go"
)

// errStreamUnavailable means the event stream could not be opened at the
// transport level (no HTTP/2, a proxy), as opposed to a service error or an
// endpoint that cannot be reached at all.
var errStreamUnavailable = errors.New("chat event stream unavailable")

func (c *Client) chatStream(ctx context.Context, q Question, onText func(string)) (*Answer, error) {
	in := &qbusiness.ChatInput{ApplicationId: aws.String(c.appID)}
	if q.ConversationID != "" {
		in.ConversationId, in.ParentMessageId = aws.String(q.ConversationID), aws.String(q.ParentMessageID)
	}
	out, err := c.api.Chat(ctx, in, c.signAsUser)
	if err != nil {
		var ae smithy.APIError
		if _, down := dialError(err); !down && !errors.As(err, &ae) {
			return nil, fmt.Errorf("%w: %w", errStreamUnavailable, err)
		}
		return nil, fmt.Errorf("chat: %w", err)
	}
	es := out.GetStream()
	defer es.Close()
	// A stream whose peer stops answering ends with ctx: closing it ends
	// the SDK's reader, which does not watch ctx itself.
	defer context.AfterFunc(ctx, func() { _ = es.Close() })()
	if err := sendQuestion(ctx, es, q); err != nil {
		return nil, fmt.Errorf("chat: send question: %w", err)
	}
	a, err := receive(es, onText)
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, fmt.Errorf("chat: stream: %w", ctxErr)
	}
	return a, err
}

type eventSender interface {
	Send(ctx context.Context, ev types.ChatInputStream) error
}

func sendQuestion(ctx context.Context, es eventSender, q Question) error {
	events := []types.ChatInputStream{}
	if q.Mode != "" || q.AttributeFilter != nil {
		events = append(events, &types.ChatInputStreamMemberConfigurationEvent{Value: types.ConfigurationEvent{ChatMode: q.Mode, AttributeFilter: q.AttributeFilter}})
	}
	events = append(events, &types.ChatInputStreamMemberTextEvent{Value: types.TextInputEvent{UserMessage: aws.String(q.Text)}})
	for _, att := range q.Attachments {
		events = append(events, &types.ChatInputStreamMemberAttachmentEvent{Value: types.AttachmentInputEvent{Attachment: &att}})
	}
	events = append(events, &types.ChatInputStreamMemberEndOfInputEvent{Value: types.EndOfInputEvent{}})
	for _, ev := range events {
		if err := es.Send(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

func receive(es *qbusiness.ChatEventStream, onText func(string)) (*Answer, error) {
	a := &Answer{Streamed: true}
	var text strings.Builder
	for ev := range es.Events() {
		if chunk := a.apply(ev); chunk != "" {
			text.WriteString(chunk)
			if onText != nil {
				onText(chunk)
			}
		}
	}
	if err := es.Err(); err != nil {
		return nil, fmt.Errorf("chat: stream: %w", err)
	}
	if a.Text == "" {
		a.Text = text.String()
	}
	return a, nil
}

// apply folds one output event into a and returns its text chunk, if any.
func (a *Answer) apply(ev types.ChatOutputStream) string {
	switch v := ev.(type) {
	case *types.ChatOutputStreamMemberTextEvent:
		a.setIDs(v.Value.ConversationId, v.Value.SystemMessageId, v.Value.UserMessageId)
		return aws.ToString(v.Value.SystemMessage)
	case *types.ChatOutputStreamMemberMetadataEvent:
		a.setIDs(v.Value.ConversationId, v.Value.SystemMessageId, v.Value.UserMessageId)
		a.Sources = sourcesFrom(v.Value.SourceAttributions)
		a.Text = aws.ToString(v.Value.FinalTextMessage)
	case *types.ChatOutputStreamMemberFailedAttachmentEvent:
		a.setIDs(v.Value.ConversationId, v.Value.SystemMessageId, v.Value.UserMessageId)
		if v.Value.Attachment != nil {
			a.FailedAttachments = append(a.FailedAttachments, failedFrom(v.Value.Attachment))
		}
	case *types.ChatOutputStreamMemberActionReviewEvent:
		a.setIDs(v.Value.ConversationId, v.Value.SystemMessageId, nil)
		a.ActionReview = &ActionReview{PluginID: aws.ToString(v.Value.PluginId), PluginType: string(v.Value.PluginType)}
	}
	return ""
}

func (a *Answer) setIDs(conv, sys, user *string) {
	if conv != nil {
		a.ConversationID = *conv
	}
	if sys != nil {
		a.SystemMessageID = *sys
	}
	if user != nil {
		a.UserMessageID = *user
	}
}
