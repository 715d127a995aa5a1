package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/chatui"
	"github.com/qbiz/qbiz/internal/qchat"
)

// answerJSON is the --json shape of one answer: the answer as the SYSTEM
// message it is, with the field names of conversations show --json
// (messageId, type, text, sources), and the conversation it belongs to.
type answerJSON struct {
	ConversationID string `json:"conversationId"`
	qchat.Message
	NewConversation   bool                     `json:"newConversation,omitempty"`
	FailedAttachments []qchat.FailedAttachment `json:"failedAttachments,omitempty"`
}

func writeAnswerJSON(w io.Writer, a *qchat.Answer) error {
	return json.NewEncoder(w).Encode(answerJSON{ConversationID: a.ConversationID, Message: answerMessage(a),
		NewConversation: a.NewConversation, FailedAttachments: a.FailedAttachments})
}

// answerMessage is a as the SYSTEM message of its conversation.
func answerMessage(a *qchat.Answer) qchat.Message {
	sources := a.Sources
	if sources == nil {
		sources = []qchat.Source{}
	}
	return qchat.Message{ID: a.SystemMessageID, Type: string(types.MessageTypeSystem), Body: a.Text, Sources: sources}
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

// writeAnswerRef prints where the answer lives and how to rate it: its
// conversation and message ids and the qbiz feedback command line.
func writeAnswerRef(w io.Writer, profile, conversationID, messageID string) {
	if conversationID == "" || messageID == "" {
		return
	}
	fmt.Fprintf(w, "Conversation %s, answer %s\n", conversationID, messageID)
	fmt.Fprintf(w, "Rate it: qbiz feedback --profile %s --conversation %s %s --useful (or --not-useful)\n\n",
		profile, conversationID, messageID)
}
