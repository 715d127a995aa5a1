package qbusiness

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"
)

// A paced stream pauses before every event but the first; a client that
// has gone ends the pause at once.
func TestChatStreamPace(t *testing.T) {
	res := &turnResult{ConversationID: "c", UserMessageID: "u", SystemMessageID: "s", Text: "one two three four five six seven eight"}
	rec := httptest.NewRecorder()
	out := openStream(rec, httptest.NewRequest("POST", "/chat", nil))
	paused := 0
	out.pace = func() time.Duration { paused++; return 0 }
	out.reply(res)
	if paused != out.sent-1 || out.sent < 3 {
		t.Fatalf("%d pauses for %d events", paused, out.sent)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out = openStream(httptest.NewRecorder(), httptest.NewRequest("POST", "/chat", nil).WithContext(ctx))
	out.pace = func() time.Duration { return time.Hour }
	out.reply(res) // returns: the client is gone
}
