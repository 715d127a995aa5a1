package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/qchat"
)

// maxMessage is the longest question Q Business accepts, in characters
// (the Chat TextInputEvent's userMessage bound, applied to ChatSync too).
const maxMessage = 7000

type chatRequest struct {
	Message        string `json:"message"`
	ConversationID string `json:"conversationId"`
}

func (c chatRequest) check() error {
	if strings.TrimSpace(c.Message) == "" {
		return badRequest("Type a message first.")
	}
	if n := utf8.RuneCountInString(c.Message); n > maxMessage {
		return badRequest("The message is %d characters long; Q Business accepts at most %d.", n, maxMessage)
	}
	if c.ConversationID != "" && !validID(c.ConversationID) {
		return badRequest("conversationId is not a conversation id.")
	}
	return nil
}

// doneFrame is the data of the stream's last frame.
type doneFrame struct {
	ConversationID  string   `json:"conversationId"`
	SystemMessageID string   `json:"systemMessageId"`
	Answer          string   `json:"answer"`
	Sources         []source `json:"sources"`
}

// chat answers POST /api/chat with an event stream.
func (a *api) chat(rw *response, r *http.Request, u *User) error {
	var in chatRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	ctx := r.Context()
	if in.ConversationID != "" {
		if err := a.own(ctx, u, in.ConversationID); err != nil {
			return err
		}
	}
	start := time.Now()
	rw.startStream()
	a.metrics.streamStarted()
	ans, err := a.converse(ctx, a.client(u), in, func(chunk string) {
		if chunk != "" {
			rw.event("text", chunk)
		}
	})
	if err != nil {
		a.metrics.streamFinished(outcome(ctx), time.Since(start))
		return err
	}
	if ans.ConversationID != in.ConversationID {
		a.file(ctx, u, ans.ConversationID)
	}
	rw.event("done", doneFrame{ConversationID: ans.ConversationID, SystemMessageID: ans.SystemMessageID,
		Answer: ans.Text, Sources: sources(ans.Sources)})
	a.metrics.streamFinished("done", time.Since(start))
	return nil
}

// converse streams the answer to in: a new conversation, or the next turn
// of the user's conversation after its last answer. A conversation that is
// gone, or has no answer to continue from, is replaced by a new one (the
// done frame names it).
func (a *api) converse(ctx context.Context, c *qchat.Client, in chatRequest, onText func(string)) (*qchat.Answer, error) {
	q := qchat.Question{Text: in.Message}
	if in.ConversationID != "" {
		th, _, err := c.Resume(ctx, in.ConversationID)
		switch {
		case err == nil:
			q = th.Question(in.Message)
		case !errors.Is(err, qchat.ErrNotFound):
			return nil, err
		}
	}
	return c.Stream(ctx, q, onText)
}

func outcome(ctx context.Context) string {
	if ctx.Err() != nil {
		return "cancelled"
	}
	return "error"
}
