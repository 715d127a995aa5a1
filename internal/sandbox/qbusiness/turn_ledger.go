package qbusiness

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// nonceToken is a client's marker inside a user message, "nonce:" then
// 8 to 64 letters, digits, '-' or '_'.
var nonceToken = regexp.MustCompile(`nonce:([A-Za-z0-9_-]{8,64})`)

// noteTurn records in the request's ledger entry what identifies the turn
// to a test oracle: the message's SHA-256 and its first nonce token, so the
// principal that signed a message can be checked against its sender.
func noteTurn(c *call, t *turnInput) {
	ctx := c.r.Context()
	sum := sha256.Sum256([]byte(t.Text))
	ledger.SetDetail(ctx, "message_sha256", hex.EncodeToString(sum[:]))
	if m := nonceToken.FindStringSubmatch(t.Text); m != nil {
		ledger.SetDetail(ctx, "nonce", m[1])
	}
}

// noteResult records the conversation a turn was answered in.
func noteResult(c *call, res *turnResult) {
	if res != nil {
		ledger.SetDetail(c.r.Context(), "conversation_id", res.ConversationID)
	}
}
