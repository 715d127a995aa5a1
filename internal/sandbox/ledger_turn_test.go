package sandbox_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// TestLedgerNamesTurnsAndIssuedKeys: the STS entry of a sign-in names the
// access key it issued, and each ChatSync and Chat entry the SHA-256 of the
// user message, the nonce token in it and the conversation it was answered
// in, so an oracle can tie each message to the principal that signed it.
func TestLedgerNamesTurnsAndIssuedKeys(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	app := w.app(t, "oidc")
	creds := w.oidcCreds(t, mary)
	c, err := creds.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	issued := readLedger(t, w)
	if e := last(issued, "AssumeRoleWithWebIdentity"); e == nil || e.Detail["issued_access_key_id"] != c.AccessKeyID {
		t.Fatalf("STS entry %+v does not name the issued key %s", e, c.AccessKeyID)
	}
	q := qbusiness.NewFromConfig(w.cfg(creds))
	const syncMsg = "nonce:sync-0123456789 When does the ACME project launch?"
	out := subscribeAndChat(t, q, app.ApplicationID, syncMsg)
	checkTurn(t, last(readLedger(t, w), "ChatSync"), syncMsg, "sync-0123456789", aws.ToString(out.ConversationId), c.AccessKeyID)

	const streamMsg = "When does the ACME project launch? nonce:stream_abcdefgh and more"
	streamChat(t, q, app.ApplicationID, streamMsg)
	e := last(readLedger(t, w), "Chat")
	checkTurn(t, e, streamMsg, "stream_abcdefgh", e.Detail["conversation_id"], c.AccessKeyID)
	if e.Detail["conversation_id"] == "" {
		t.Error("Chat entry names no conversation")
	}

	const plain = "When does the ACME project launch? nonce:short"
	chatSyncOnce(t, q, app.ApplicationID, plain)
	if e := last(readLedger(t, w), "ChatSync"); e.Detail["nonce"] != "" {
		t.Errorf("a too-short nonce token was recorded: %q", e.Detail["nonce"])
	}
}

func checkTurn(t *testing.T, e *ledger.Entry, msg, nonce, conversation, key string) {
	t.Helper()
	sum := sha256.Sum256([]byte(msg))
	if e == nil {
		t.Fatal("no entry")
	}
	want := map[string]string{"message_sha256": hex.EncodeToString(sum[:]), "nonce": nonce, "conversation_id": conversation}
	for k, v := range want {
		if e.Detail[k] != v {
			t.Errorf("%s entry detail %s = %q, want %q", e.Operation, k, e.Detail[k], v)
		}
	}
	if e.AccessKeyID != key || e.Principal == nil || e.Principal.Email != mary {
		t.Errorf("%s entry signed by %s as %+v", e.Operation, e.AccessKeyID, e.Principal)
	}
}

func chatSyncOnce(t *testing.T, q *qbusiness.Client, appID, msg string) {
	t.Helper()
	if _, err := q.ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String(msg)}); err != nil {
		t.Fatal(err)
	}
}

// last returns the newest entry of operation op.
func last(entries []ledger.Entry, op string) *ledger.Entry {
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Operation == op {
			return &entries[i]
		}
	}
	return nil
}
