package qbusiness

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

func TestConversationAPIs(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	c := e.userClient(mary)
	var last *qbusiness.ChatSyncOutput
	for i := range 3 {
		out, err := c.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String(fmt.Sprintf("question %d about ACME", i))})
		if err != nil {
			t.Fatal(err)
		}
		last = out
	}
	// Pagination: 3 conversations, 2 per page, newest first.
	p1, err := c.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: &e.appID, MaxResults: aws.Int32(2)})
	if err != nil || len(p1.Conversations) != 2 || p1.NextToken == nil {
		t.Fatalf("page 1: %v %+v", err, p1)
	}
	if *p1.Conversations[0].ConversationId != *last.ConversationId || aws.ToString(p1.Conversations[0].Title) != "question 2 about ACME" {
		t.Errorf("not newest first: %+v", p1.Conversations[0])
	}
	p2, err := c.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: &e.appID, MaxResults: aws.Int32(2), NextToken: p1.NextToken})
	if err != nil || len(p2.Conversations) != 1 || p2.NextToken != nil {
		t.Fatalf("page 2: %v %+v", err, p2)
	}
	for _, bad := range []struct {
		max   int32
		token string
	}{{0, ""}, {101, ""}, {2, *p1.NextToken + "x"}, {2, "1.abc"}} {
		in := &qbusiness.ListConversationsInput{ApplicationId: &e.appID, MaxResults: aws.Int32(bad.max)}
		if bad.token != "" {
			in.NextToken = aws.String(bad.token)
		}
		if _, err := c.ListConversations(ctx, in); apiCode(err) != "ValidationException" {
			t.Errorf("max %d token %q: %v", bad.max, bad.token, err)
		}
	}
	// Another user's token does not verify for Mateo, and Mateo sees nothing.
	other := e.userClient(mateo)
	if _, err := other.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: &e.appID, NextToken: p1.NextToken}); apiCode(err) != "ValidationException" {
		t.Errorf("foreign token: %v", err)
	}
	if out, err := other.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: &e.appID}); err != nil || len(out.Conversations) != 0 {
		t.Errorf("mateo sees %v %v", out, err)
	}
	// Messages newest first.
	msgs, err := c.ListMessages(ctx, &qbusiness.ListMessagesInput{ApplicationId: &e.appID, ConversationId: last.ConversationId})
	if err != nil || len(msgs.Messages) != 2 || msgs.Messages[0].Type != types.MessageTypeSystem || aws.ToString(msgs.Messages[1].Body) != "question 2 about ACME" {
		t.Fatalf("messages: %v %+v", err, msgs)
	}
	// Feedback.
	_, err = c.PutFeedback(ctx, &qbusiness.PutFeedbackInput{ApplicationId: &e.appID, ConversationId: last.ConversationId, MessageId: last.SystemMessageId,
		MessageUsefulness: &types.MessageUsefulnessFeedback{Usefulness: types.MessageUsefulnessUseful, SubmittedAt: aws.Time(time.Now())}})
	if err != nil {
		t.Fatalf("feedback: %v", err)
	}
	n := e.h.Gate.Ledger.Count(func(en ledger.Entry) bool {
		return en.Operation == "PutFeedback" && en.Detail["usefulness"] == "USEFUL"
	})
	if n != 1 {
		t.Errorf("ledger usefulness entries = %d", n)
	}
	_, err = c.PutFeedback(ctx, &qbusiness.PutFeedbackInput{ApplicationId: &e.appID, ConversationId: last.ConversationId, MessageId: aws.String(newID()),
		MessageUsefulness: &types.MessageUsefulnessFeedback{Usefulness: types.MessageUsefulnessUseful, SubmittedAt: aws.Time(time.Now())}})
	if apiCode(err) != "ResourceNotFoundException" {
		t.Errorf("unknown message: %v", err)
	}
	// Delete: Mateo cannot, Mary can, then it is gone.
	if _, err := other.DeleteConversation(ctx, &qbusiness.DeleteConversationInput{ApplicationId: &e.appID, ConversationId: last.ConversationId}); apiCode(err) != "ResourceNotFoundException" {
		t.Errorf("mateo delete: %v", err)
	}
	if _, err := c.DeleteConversation(ctx, &qbusiness.DeleteConversationInput{ApplicationId: &e.appID, ConversationId: last.ConversationId}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := c.ListMessages(ctx, &qbusiness.ListMessagesInput{ApplicationId: &e.appID, ConversationId: last.ConversationId}); apiCode(err) != "ResourceNotFoundException" {
		t.Errorf("after delete: %v", err)
	}
	if _, err := c.DeleteConversation(ctx, &qbusiness.DeleteConversationInput{ApplicationId: &e.appID, ConversationId: last.ConversationId}); apiCode(err) != "ResourceNotFoundException" {
		t.Errorf("delete twice: %v", err)
	}
}

func TestAttachments(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	c := e.userClient(mary)
	out, err := c.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("summarise"), ChatMode: types.ChatModeCreatorMode,
		Attachments: []types.AttachmentInput{{Name: aws.String("notes.txt"), Data: []byte("hello")}, {Name: aws.String("empty.bin"), Data: []byte{}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.FailedAttachments) != 1 || aws.ToString(out.FailedAttachments[0].Name) != "empty.bin" || out.FailedAttachments[0].Status != types.AttachmentStatusFailed {
		t.Fatalf("failed attachments %+v", out.FailedAttachments)
	}
	six := make([]types.AttachmentInput, 6)
	for i := range six {
		six[i] = types.AttachmentInput{Name: aws.String(fmt.Sprintf("f%d.txt", i)), Data: []byte("x")}
	}
	_, err = c.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("hi"), Attachments: six})
	if apiCode(err) != "ValidationException" || apiMessage(err) != "Attachment limit for conversation exceeded" {
		t.Fatalf("six attachments: %v", err)
	}
	_, err = e.admin.UpdateApplication(ctx, &qbusiness.UpdateApplicationInput{ApplicationId: &e.appID,
		AttachmentsConfiguration: &types.AttachmentsConfiguration{AttachmentsControlMode: types.AttachmentsControlModeDisabled}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("hi"), Attachments: six[:1]})
	if apiCode(err) != "ValidationException" || apiMessage(err) != "Attachments are not enabled for this application" {
		t.Fatalf("disabled: %v", err)
	}
}
