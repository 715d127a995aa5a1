package qbusiness

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// chatStream writes output frames, flushing after each.
type chatStream struct {
	w    http.ResponseWriter
	r    *http.Request
	rc   *http.ResponseController
	enc  *eventstream.Encoder
	pace func() time.Duration // the pause before each event after the first
	sent int
}

// openStream sends the 200 headers at once, before any input is read, and
// enables full-duplex so HTTP/1.1 may keep reading the request body.
func openStream(w http.ResponseWriter, r *http.Request) *chatStream {
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex()
	wire.SetCommonHeaders(w, r)
	w.Header().Set("Content-Type", eventStreamType)
	w.WriteHeader(http.StatusOK)
	_ = rc.Flush()
	return &chatStream{w: w, r: r, rc: rc, enc: eventstream.NewEncoder()}
}

func (cs *chatStream) frame(headers eventstream.Headers, body any) {
	payload, err := json.Marshal(body)
	if err != nil {
		payload = []byte(`{"message":"internal error"}`)
	}
	var b bytes.Buffer
	if err := cs.enc.Encode(&b, eventstream.Message{Headers: headers, Payload: payload}); err != nil {
		return
	}
	_, _ = cs.w.Write(b.Bytes())
	_ = cs.rc.Flush()
}

func (cs *chatStream) event(eventType string, body any) {
	cs.wait()
	var h eventstream.Headers
	h.Set(":message-type", eventstream.StringValue("event"))
	h.Set(":event-type", eventstream.StringValue(eventType))
	h.Set(":content-type", eventstream.StringValue("application/json"))
	cs.frame(h, body)
}

// wait pauses before every event but the first, as long as the pace asks
// or the client stays.
func (cs *chatStream) wait() {
	cs.sent++
	if cs.pace == nil || cs.sent == 1 {
		return
	}
	if d := cs.pace(); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-cs.r.Context().Done():
		}
	}
}

// exception ends the stream with an exception frame.
func (cs *chatStream) exception(e *wire.Error) {
	var h eventstream.Headers
	h.Set(":message-type", eventstream.StringValue("exception"))
	h.Set(":exception-type", eventstream.StringValue(e.Code))
	h.Set(":content-type", eventstream.StringValue("application/json"))
	body := map[string]any{"message": e.Message}
	for k, v := range e.Extra {
		body[k] = v
	}
	cs.frame(h, body)
}

// reply streams the answer as textEvents, then failedAttachmentEvents and
// the closing metadataEvent.
func (cs *chatStream) reply(res *turnResult) {
	ids := map[string]string{"conversationId": res.ConversationID, "userMessageId": res.UserMessageID, "systemMessageId": res.SystemMessageID}
	for _, chunk := range chunks(res.Text, 4) {
		ev := map[string]any{"systemMessage": chunk}
		for k, v := range ids {
			ev[k] = v
		}
		cs.event("textEvent", ev)
	}
	for _, f := range res.FailedAttachments {
		ev := map[string]any{"attachment": f}
		for k, v := range ids {
			ev[k] = v
		}
		cs.event("failedAttachmentEvent", ev)
	}
	meta := map[string]any{"sourceAttributions": nonNil(res.Attributions), "finalTextMessage": res.Text}
	for k, v := range ids {
		meta[k] = v
	}
	cs.event("metadataEvent", meta)
}

// chunks splits text at word boundaries into about n non-empty pieces
// whose concatenation is text.
func chunks(text string, n int) []string {
	words := strings.SplitAfter(text, " ")
	per := max(1, (len(words)+n-1)/n)
	var out []string
	for i := 0; i < len(words); i += per {
		if piece := strings.Join(words[i:min(i+per, len(words))], ""); piece != "" {
			out = append(out, piece)
		}
	}
	return out
}
