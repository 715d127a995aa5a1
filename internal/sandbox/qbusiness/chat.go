package qbusiness

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const eventStreamType = "application/vnd.amazon.eventstream"

// chat serves the Chat event stream: ordinary restJson1 errors until the
// stream opens, then exception frames.
func (s *Service) chat(w http.ResponseWriter, r *http.Request) {
	c, e := s.admit(r, "Chat")
	var t *turnInput
	if e == nil {
		t, e = s.chatPreflight(c)
	}
	if e != nil {
		wire.WriteJSONError(w, r, wire.ContentTypeJSON, e)
		return
	}
	out := openStream(w, r)
	out.pace = s.opts.ChunkDelay
	if e := s.readChatInput(c, t); e != nil {
		out.exception(e)
		return
	}
	res, e := s.runTurn(c, t)
	if e != nil {
		out.exception(e)
		return
	}
	out.reply(res)
}

// chatPreflight validates the query members, the caller and the
// conversation before the stream opens.
func (s *Service) chatPreflight(c *call) (*turnInput, *wire.Error) {
	if ct := c.r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != eventStreamType {
			return nil, invalid("Chat requires Content-Type %s", eventStreamType)
		}
	}
	t := &turnInput{ConversationID: c.q.Get("conversationId"), ParentMessageID: c.q.Get("parentMessageId"), ClientToken: c.q.Get("clientToken")}
	e := firstErr(checkOptionalID("conversationId", t.ConversationID), checkOptionalID("parentMessageId", t.ParentMessageID), validateClientToken(t.ClientToken))
	if e == nil && (t.ConversationID == "") != (t.ParentMessageID == "") {
		e = invalid("conversationId and parentMessageId must be provided together to continue a conversation")
	}
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, user, e := s.userApp(c)
	if e != nil {
		return nil, e
	}
	if _, e := continuation(a, user, t); e != nil {
		return nil, e
	}
	return t, nil
}

// readChatInput reads and verifies input frames until endOfInputEvent or
// the signed empty frame, filling t.
func (s *Service) readChatInput(c *call, t *turnInput) *wire.Error {
	cv := newChunkVerifier(c.v, s.opts.Region, s.now)
	body := io.LimitReader(c.r.Body, maxInputSize)
	in := &chatInput{t: t}
	for !in.done {
		m, err := readFrame(body, maxFrameSize)
		if err != nil {
			return frameError(err)
		}
		if err := cv.verify(m); err != nil {
			return wire.Errorf(403, "InvalidSignatureException", "%s", err.Error())
		}
		if len(m.Payload) == 0 {
			break
		}
		ev, err := parseEvent(m.Payload)
		if err != nil {
			return invalid("%s", err.Error()).With("reason", reasonCannotParse)
		}
		if e := in.apply(ev); e != nil {
			return e
		}
	}
	return in.finish()
}

func frameError(err error) *wire.Error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return invalid("The input stream ended before endOfInputEvent")
	}
	if errors.Is(err, errFrameTooLarge) {
		return invalid("An input event exceeds the maximum size of %d bytes", maxFrameSize)
	}
	return invalid("%s", err.Error()).With("reason", reasonCannotParse)
}

// chatInput accumulates the input events of one Chat request.
type chatInput struct {
	t          *turnInput
	config     bool
	text, done bool
}

func (in *chatInput) apply(ev inputEvent) *wire.Error {
	switch ev.Type {
	case "configurationEvent":
		if in.config || in.text {
			return invalid("configurationEvent must be sent once, before textEvent")
		}
		in.config, in.t.Mode, in.t.Filter = true, ev.Config.ChatMode, ev.Config.AttributeFilter
	case "textEvent":
		if in.text {
			return invalid("Only one textEvent is allowed per Chat request")
		}
		in.text, in.t.Text = true, *ev.Text
	case "attachmentEvent":
		in.t.Attachments = append(in.t.Attachments, *ev.Attachment)
	case "endOfInputEvent":
		in.done = true
	default:
		return invalid("%s needs a plugin, and no plugin is configured for this application", ev.Type)
	}
	return nil
}

func (in *chatInput) finish() *wire.Error {
	if !in.text {
		return invalidField("textEvent.userMessage", "A textEvent with userMessage is required")
	}
	return in.t.validate()
}
