package qchat

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// Conversation is one of the user's conversations.
type Conversation struct {
	ID        string    `json:"conversationId"`
	Title     string    `json:"title"`
	StartTime time.Time `json:"startTime,omitzero"`
}

// Message is one turn of a conversation. Its JSON names are those of
// every qbiz JSON output: an answer of qbiz chat --json is a Message too.
type Message struct {
	ID      string    `json:"messageId"`
	Type    string    `json:"type"` // USER or SYSTEM
	Body    string    `json:"text"`
	Time    time.Time `json:"time,omitzero"`
	Sources []Source  `json:"sources"`
}

// IsSystem reports whether m is an answer.
func (m Message) IsSystem() bool { return m.Type == string(types.MessageTypeSystem) }

// Conversations lists the user's conversations, newest first, following
// pagination up to limit items (0 means all).
func (c *Client) Conversations(ctx context.Context, limit int) (out []Conversation, err error) {
	err = c.subscribed(ctx, func() (err error) { out, err = c.conversations(ctx, limit); return err })
	if err != nil {
		return nil, c.fail(opListConversations, err)
	}
	return out, nil
}

func (c *Client) conversations(ctx context.Context, limit int) ([]Conversation, error) {
	in := &qbusiness.ListConversationsInput{ApplicationId: aws.String(c.appID), MaxResults: c.pageSize()}
	p := qbusiness.NewListConversationsPaginator(c.api, in)
	var out []Conversation
	for p.HasMorePages() && (limit == 0 || len(out) < limit) {
		page, err := p.NextPage(ctx, c.signAsUser)
		if err != nil {
			return nil, fmt.Errorf("list conversations: %w", err)
		}
		for _, cv := range page.Conversations {
			out = append(out, Conversation{ID: aws.ToString(cv.ConversationId), Title: aws.ToString(cv.Title), StartTime: aws.ToTime(cv.StartTime)})
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Messages returns a conversation's messages oldest first (the API lists
// them newest first).
func (c *Client) Messages(ctx context.Context, conversationID string) (out []Message, err error) {
	err = c.subscribed(ctx, func() (err error) { out, err = c.messages(ctx, conversationID); return err })
	if err != nil {
		return nil, c.fail(opListMessages, err)
	}
	return out, nil
}

func (c *Client) messages(ctx context.Context, conversationID string) ([]Message, error) {
	in := &qbusiness.ListMessagesInput{ApplicationId: aws.String(c.appID), ConversationId: aws.String(conversationID), MaxResults: c.pageSize()}
	p := qbusiness.NewListMessagesPaginator(c.api, in)
	var out []Message
	for p.HasMorePages() {
		page, err := p.NextPage(ctx, c.signAsUser)
		if err != nil {
			return nil, fmt.Errorf("list messages: %w", err)
		}
		for _, m := range page.Messages {
			out = append(out, messageFrom(m))
		}
	}
	slices.Reverse(out)
	return out, nil
}

func messageFrom(m types.Message) Message {
	return Message{ID: aws.ToString(m.MessageId), Type: string(m.Type), Body: aws.ToString(m.Body), Time: aws.ToTime(m.Time), Sources: sourcesFrom(m.SourceAttribution)}
}

// Resume returns the thread that continues conversationID (its parent is
// the last answer) and the messages so far, oldest first.
func (c *Client) Resume(ctx context.Context, conversationID string) (Thread, []Message, error) {
	msgs, err := c.Messages(ctx, conversationID)
	if err != nil {
		return Thread{}, nil, fmt.Errorf("resume conversation %s: %w", conversationID, err)
	}
	t := Thread{ConversationID: conversationID}
	for _, m := range msgs {
		if m.IsSystem() {
			t.ParentMessageID = m.ID
		}
	}
	if t.ParentMessageID == "" {
		return Thread{}, nil, fmt.Errorf("resume conversation %s: %w: it has no answer to continue from", conversationID, ErrNotFound)
	}
	return t, msgs, nil
}

// DeleteConversation deletes one of the user's conversations.
func (c *Client) DeleteConversation(ctx context.Context, conversationID string) error {
	in := &qbusiness.DeleteConversationInput{ApplicationId: aws.String(c.appID), ConversationId: aws.String(conversationID)}
	err := c.subscribed(ctx, func() error { _, err := c.api.DeleteConversation(ctx, in, c.signAsUser); return err })
	if err != nil {
		return c.fail(opDeleteConversation, err)
	}
	return nil
}

func (c *Client) pageSize() *int32 {
	if c.opts.PageSize <= 0 {
		return nil
	}
	return aws.Int32(c.opts.PageSize)
}
