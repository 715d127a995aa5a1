package ledger

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

func TestNotePrincipal(t *testing.T) {
	ctx, note := WithNote(context.Background())
	if note.Principal() != nil {
		t.Fatal("a fresh note names a principal")
	}
	p := &Principal{ARN: "arn:aws:sts::123456789012:assumed-role/QUser/mary", Kind: "assumed-role", Federation: "oidc", Subject: "sub-1"}
	SetPrincipal(ctx, p)
	p.Subject = "changed by the caller"
	got := note.Principal()
	if got == nil || got.Subject != "sub-1" {
		t.Fatalf("note principal %+v, want the one set, unaffected by later changes", got)
	}
	got.ARN = "changed by a reader"
	if note.Principal().ARN != "arn:aws:sts::123456789012:assumed-role/QUser/mary" {
		t.Fatal("a reader changed the note")
	}
	SetPrincipal(ctx, nil)
	if note.Principal() == nil {
		t.Fatal("a nil principal erased the recorded one")
	}
	SetPrincipal(context.Background(), p) // no note: a no-op, never a panic
}

func TestEntriesPrincipalIsACopy(t *testing.T) {
	l := New(10)
	l.Append(Entry{Operation: "ChatSync", Principal: &Principal{ARN: "arn:a", Email: "mary@example.com"}})
	l.Entries(nil)[0].Principal.Email = "mateo@example.com"
	if got := l.Entries(nil)[0].Principal.Email; got != "mary@example.com" {
		t.Fatalf("a caller changed the ledger: email = %q", got)
	}
}

// TestEntryJSONCompatible: entries written before principals were recorded
// still decode, and an entry without a principal encodes as it always did.
func TestEntryJSONCompatible(t *testing.T) {
	const old = `{"seq":7,"time":"2025-03-14T12:30:00Z","service":"qbusiness","operation":"ChatSync","access_key_id":"ASIAX",` +
		`"caller_arn":"arn:aws:sts::123456789012:assumed-role/QUser/mary","identity":"mary@example.com","status":200}`
	var e Entry
	if err := json.Unmarshal([]byte(old), &e); err != nil {
		t.Fatal(err)
	}
	if e.Seq != 7 || e.Identity != "mary@example.com" || e.Principal != nil {
		t.Fatalf("decoded %+v", e)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != old {
		t.Fatalf("encoded\n%s\nwant\n%s", b, old)
	}
	e.Principal = &Principal{ARN: "arn:aws:sts::123456789012:assumed-role/QUser/mary", Kind: "assumed-role", Email: "mary@example.com"}
	b, _ = json.Marshal(e)
	var back Entry
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back.Principal, e.Principal) {
		t.Fatalf("round trip %s: %+v, %v", b, back.Principal, err)
	}
}
