package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/qbiz/qbiz/internal/chatui"
	"github.com/qbiz/qbiz/internal/qchat"
)

// answerJSON is the --json shape of one answer.
type answerJSON struct {
	ConversationID    string                   `json:"conversationId"`
	SystemMessageID   string                   `json:"systemMessageId"`
	Answer            string                   `json:"answer"`
	Sources           []sourceJSON             `json:"sources"`
	NewConversation   bool                     `json:"newConversation,omitempty"`
	FailedAttachments []qchat.FailedAttachment `json:"failedAttachments,omitempty"`
}

type sourceJSON struct {
	Number  int    `json:"number"`
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
	Snippet string `json:"snippet,omitempty"`
}

func writeAnswerJSON(w io.Writer, a *qchat.Answer) error {
	out := answerJSON{ConversationID: a.ConversationID, SystemMessageID: a.SystemMessageID, Answer: a.Text,
		Sources: []sourceJSON{}, NewConversation: a.NewConversation, FailedAttachments: a.FailedAttachments}
	for _, s := range a.Sources {
		out.Sources = append(out.Sources, sourceJSON{Number: s.Number, Title: s.Title, URL: s.URL, Snippet: s.Snippet})
	}
	return json.NewEncoder(w).Encode(out)
}

// writeAnswerText prints the answer with [n] markers and the sources
// below it; model output is stripped of terminal control sequences.
func writeAnswerText(w io.Writer, a *qchat.Answer) {
	fmt.Fprintln(w, chatui.Sanitize(a.Cited()))
	for _, f := range a.FailedAttachments {
		fmt.Fprintf(w, "(attachment %s was not used: %s)\n", chatui.Sanitize(f.Name), chatui.Sanitize(f.Error))
	}
	if len(a.Sources) > 0 {
		fmt.Fprintln(w, "\nSources:")
	}
	for _, s := range a.Sources {
		fmt.Fprintf(w, "  %s\n", chatui.SourceLine(s, false))
	}
	fmt.Fprintln(w)
}
