package mcpserver

import (
	"context"

	"github.com/qbiz/qbiz/internal/qchat"
)

// AskInput is the ask tool's arguments.
type AskInput struct {
	Question       string `json:"question" jsonschema:"the question to ask"`
	ConversationID string `json:"conversationId,omitempty" jsonschema:"the conversationId of an earlier answer, to continue that conversation"`
}

// AskOutput is one answer with its sources.
type AskOutput struct {
	ConversationID string     `json:"conversationId" jsonschema:"pass it to ask again to continue this conversation"`
	MessageID      string     `json:"messageId"`
	Answer         string     `json:"answer"`
	Citations      []Citation `json:"citations" jsonschema:"the documents the answer cites, by number"`
	// NewConversation is set when the conversation given no longer
	// existed and the answer started a new one.
	NewConversation bool `json:"newConversation,omitempty"`
}

// Citation is one cited document.
type Citation struct {
	Number  int    `json:"number"`
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
	Snippet string `json:"snippet,omitempty"`
}

func (s *Server) ask(ctx context.Context, in AskInput) (AskOutput, error) {
	c, err := s.chat(ctx)
	if err != nil {
		return AskOutput{}, err
	}
	q := qchat.Question{Text: in.Question}
	if in.ConversationID != "" {
		th, _, err := c.Resume(ctx, in.ConversationID)
		if err != nil {
			return AskOutput{}, err
		}
		q = th.Question(in.Question)
	}
	a, err := c.Ask(ctx, q)
	if err != nil {
		return AskOutput{}, err
	}
	return answerOutput(a), nil
}

func answerOutput(a *qchat.Answer) AskOutput {
	out := AskOutput{ConversationID: a.ConversationID, MessageID: a.SystemMessageID, Answer: a.Cited(),
		Citations: make([]Citation, 0, len(a.Sources)), NewConversation: a.NewConversation}
	for _, src := range a.Sources {
		out.Citations = append(out.Citations, Citation{Number: src.Number, Title: src.Title, URL: src.URL, Snippet: src.Snippet})
	}
	return out
}
