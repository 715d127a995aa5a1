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
// transport level (no HTTP/2, a proxy), as opposed to a service error.
var errStreamUnavailable = errors.New("chat event stream unavailable")

func (c *Client) chatStream(ctx context.Context, q Question, onText func(string)) (*Answer, error) {
	in := &qbusiness.ChatInput{ApplicationId: aws.String(c.appID)}
	if q.ConversationID != "" {
		in.ConversationId, in.ParentMessageId = aws.String(q.ConversationID), aws.String(q.ParentMessageID)
	}
	out, err := c.api.Chat(ctx, in, c.signAsUser)
	if err != nil {
		var ae smithy.APIError
		if !errors.As(err, &ae) {
			return nil, fmt.Errorf("%w: %w", errStreamUnavailable, err)
		}
		return nil, fmt.Errorf("chat: %w", err)
	}
	es := out.GetStream()
	defer es.Close()
	if err := sendQuestion(ctx, es, q); err != nil {
		return nil, fmt.Errorf("chat: send question: %w", err)
	}
	return receive(es, onText)
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
		switch v := ev.(type) {
		case *types.ChatOutputStreamMemberTextEvent:
			chunk := aws.ToString(v.Value.SystemMessage)
			text.WriteString(chunk)
			a.ConversationID, a.SystemMessageID = aws.ToString(v.Value.ConversationId), aws.ToString(v.Value.SystemMessageId)
			a.UserMessageID = aws.ToString(v.Value.UserMessageId)
			if onText != nil && chunk != "" {
				onText(chunk)
			}
		case *types.ChatOutputStreamMemberMetadataEvent:
			a.ConversationID, a.SystemMessageID = aws.ToString(v.Value.ConversationId), aws.ToString(v.Value.SystemMessageId)
			a.UserMessageID = aws.ToString(v.Value.UserMessageId)
			a.Sources = sourcesFrom(v.Value.SourceAttributions)
			a.Text = aws.ToString(v.Value.FinalTextMessage)
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
