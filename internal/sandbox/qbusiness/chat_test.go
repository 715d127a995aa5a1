package qbusiness

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

type chatOutcome struct {
	texts []string
	meta  *types.MetadataEvent
	err   error
}

// streamChat runs one Chat turn with the SDK's event stream.
func streamChat(t *testing.T, c *qbusiness.Client, in *qbusiness.ChatInput, events ...types.ChatInputStream) chatOutcome {
	t.Helper()
	ctx := context.Background()
	out, err := c.Chat(ctx, in)
	if err != nil {
		return chatOutcome{err: err}
	}
	stream := out.GetStream()
	defer stream.Close()
	for _, ev := range events {
		if err := stream.Send(ctx, ev); err != nil {
			break // the server may end the stream early; its exception follows
		}
	}
	var res chatOutcome
	for ev := range stream.Events() {
		switch v := ev.(type) {
		case *types.ChatOutputStreamMemberTextEvent:
			res.texts = append(res.texts, aws.ToString(v.Value.SystemMessage))
		case *types.ChatOutputStreamMemberMetadataEvent:
			m := v.Value
			res.meta = &m
		}
	}
	res.err = stream.Err()
	return res
}

func textTurn(msg string) []types.ChatInputStream {
	return []types.ChatInputStream{
		&types.ChatInputStreamMemberConfigurationEvent{Value: types.ConfigurationEvent{ChatMode: types.ChatModeRetrievalMode}},
		&types.ChatInputStreamMemberTextEvent{Value: types.TextInputEvent{UserMessage: aws.String(msg)}},
		&types.ChatInputStreamMemberEndOfInputEvent{},
	}
}

func TestChatStreamsAnswer(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	res := streamChat(t, e.userClient(mary), &qbusiness.ChatInput{ApplicationId: &e.appID}, textTurn("When does the ACME project launch?")...)
	if res.err != nil || res.meta == nil {
		t.Fatalf("chat: %v (meta %v)", res.err, res.meta)
	}
	if len(res.texts) < 2 {
		t.Errorf("want several textEvents, got %d", len(res.texts))
	}
	if got := strings.Join(res.texts, ""); got != aws.ToString(res.meta.FinalTextMessage) {
		t.Errorf("textEvents %q != finalTextMessage %q", got, aws.ToString(res.meta.FinalTextMessage))
	}
	if titles := strings.Join(citedTitles(res.meta.SourceAttributions), "|"); !strings.Contains(titles, "ACME launch plan") {
		t.Errorf("citations %q", titles)
	}
	// The next turn continues the conversation.
	next := streamChat(t, e.userClient(mary), &qbusiness.ChatInput{ApplicationId: &e.appID,
		ConversationId: res.meta.ConversationId, ParentMessageId: res.meta.SystemMessageId}, textTurn("What is the ACME launch codename?")...)
	if next.err != nil || next.meta == nil || *next.meta.ConversationId != *res.meta.ConversationId {
		t.Fatalf("continue: %v", next.err)
	}
	// Mateo cannot see Mary's document, nor continue her conversation.
	other := streamChat(t, e.userClient(mateo), &qbusiness.ChatInput{ApplicationId: &e.appID}, textTurn("When does the ACME project launch?")...)
	if other.err != nil || len(other.meta.SourceAttributions) != 0 {
		t.Fatalf("mateo: %v %+v", other.err, other.meta)
	}
	hijack := streamChat(t, e.userClient(mateo), &qbusiness.ChatInput{ApplicationId: &e.appID,
		ConversationId: next.meta.ConversationId, ParentMessageId: next.meta.SystemMessageId}, textTurn("hi")...)
	if apiCode(hijack.err) != "ResourceNotFoundException" {
		t.Fatalf("hijack: %v", hijack.err)
	}
}

func TestChatRefusals(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	tests := []struct {
		name   string
		client *qbusiness.Client
		in     qbusiness.ChatInput
		events []types.ChatInputStream
		code   string
	}{
		{"userId", e.userClient(mary), qbusiness.ChatInput{UserId: aws.String(mateo)}, textTurn("hi"), "AccessDeniedException"},
		{"admin creds", e.admin, qbusiness.ChatInput{}, textTurn("hi"), "AccessDeniedException"},
		{"no text", e.userClient(mary), qbusiness.ChatInput{}, []types.ChatInputStream{&types.ChatInputStreamMemberEndOfInputEvent{}}, "ValidationException"},
		{"too long", e.userClient(mary), qbusiness.ChatInput{}, textTurn(strings.Repeat("x", 7001)), "ValidationException"},
		{"two texts", e.userClient(mary), qbusiness.ChatInput{}, append(textTurn("a")[1:2], textTurn("b")...), "ValidationException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.ApplicationId = &e.appID
			res := streamChat(t, tt.client, &in, tt.events...)
			if apiCode(res.err) != tt.code {
				t.Fatalf("err = %v, want %s", res.err, tt.code)
			}
		})
	}
}
