package mcpserver

import (
	"context"
	"time"
)

// defaultConversations is how many conversations are listed unless asked.
const defaultConversations = 20

// ConversationsInput is the conversations tool's arguments.
type ConversationsInput struct {
	Limit int `json:"limit,omitempty" jsonschema:"list at most this many, newest first (default 20)"`
}

// ConversationsOutput is the user's conversations, newest first.
type ConversationsOutput struct {
	Conversations []Conversation `json:"conversations"`
}

// Conversation is one of the user's conversations.
type Conversation struct {
	ConversationID string `json:"conversationId"`
	Title          string `json:"title"`
	StartTime      string `json:"startTime,omitempty" jsonschema:"when it started, RFC 3339"`
}

func (s *Server) conversations(ctx context.Context, in ConversationsInput) (ConversationsOutput, error) {
	c, err := s.chat(ctx)
	if err != nil {
		return ConversationsOutput{}, err
	}
	limit := in.Limit
	if limit <= 0 {
		limit = defaultConversations
	}
	convs, err := c.Conversations(ctx, limit)
	if err != nil {
		return ConversationsOutput{}, err
	}
	out := ConversationsOutput{Conversations: make([]Conversation, 0, len(convs))}
	for _, cv := range convs {
		out.Conversations = append(out.Conversations, Conversation{ConversationID: cv.ID, Title: cv.Title, StartTime: RFC3339(cv.StartTime)})
	}
	return out, nil
}

// RFC3339 is how the tools write a time: RFC 3339 in UTC, empty for the
// zero time (not known).
func RFC3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
