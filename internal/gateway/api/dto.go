package api

import (
	"time"

	"github.com/qbiz/qbiz/internal/qchat"
)

// source is one cited document, as every API response names it.
type source struct {
	Title          string `json:"title"`
	URL            string `json:"url"`
	Snippet        string `json:"snippet"`
	CitationNumber int    `json:"citationNumber"`
}

func sources(in []qchat.Source) []source {
	out := make([]source, 0, len(in))
	for _, s := range in {
		out = append(out, source{Title: s.Title, URL: s.URL, Snippet: s.Snippet, CitationNumber: s.Number})
	}
	return out
}

type conversationJSON struct {
	ConversationID string    `json:"conversationId"`
	Title          string    `json:"title"`
	StartTime      time.Time `json:"startTime,omitzero"`
}

type conversationList struct {
	Conversations []conversationJSON `json:"conversations"`
	NextToken     string             `json:"nextToken,omitempty"`
}

type messageJSON struct {
	MessageID string    `json:"messageId"`
	Type      string    `json:"type"`
	Body      string    `json:"body"`
	Time      time.Time `json:"time,omitzero"`
	Sources   []source  `json:"sources"`
}

type messageList struct {
	Messages []messageJSON `json:"messages"`
}

// meJSON is who the user is; never a token or a key.
type meJSON struct {
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	Issuer  string    `json:"issuer"`
	Subject string    `json:"subject"`
	IdP     string    `json:"idp"`
	Mode    string    `json:"mode"`
	Expires time.Time `json:"expires"`
}
