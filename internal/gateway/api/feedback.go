package api

import (
	"fmt"
	"net/http"

	"github.com/qbiz/qbiz/internal/qchat"
)

type feedbackRequest struct {
	ConversationID string `json:"conversationId"`
	MessageID      string `json:"messageId"`
	Usefulness     string `json:"usefulness"`
	Reason         string `json:"reason"`
	Comment        string `json:"comment"`
}

func (f feedbackRequest) check() error {
	if !validID(f.ConversationID) {
		return badRequest("conversationId is not a conversation id.")
	}
	if !validID(f.MessageID) {
		return badRequest("messageId is not a message id.")
	}
	if f.Usefulness != "USEFUL" && f.Usefulness != "NOT_USEFUL" {
		return badRequest("usefulness must be USEFUL or NOT_USEFUL.")
	}
	return nil
}

// feedback answers POST /api/feedback with 204. qchat validates the reason
// and the comment before it calls anything.
func (a *api) feedback(rw *response, r *http.Request, u *User) error {
	var in feedbackRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	if err := a.own(r.Context(), u, in.ConversationID); err != nil {
		return err
	}
	fb := qchat.Feedback{Useful: in.Usefulness == "USEFUL", Reason: in.Reason, Comment: in.Comment}
	if err := a.client(u).PutFeedback(r.Context(), in.ConversationID, in.MessageID, fb); err != nil {
		return fmt.Errorf("feedback on %s: %w", in.MessageID, err)
	}
	rw.noContent()
	return nil
}
