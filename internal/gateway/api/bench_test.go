package api_test

import (
	"net/http"
	"testing"
)

// BenchmarkChat is the API's own cost of one chat turn (body, ownership,
// per-request qchat client, SSE frames, done, filing the new conversation),
// with Q Business answering at once; SigV4 and the network are not in it.
func BenchmarkChat(b *testing.B) {
	e := newEnv(b)
	b.ReportAllocs()
	for b.Loop() {
		if w := e.do(mary, http.MethodPost, "/api/chat", `{"message":"When does ACME launch?"}`); w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkOwnedConversation is one read of a filed conversation.
func BenchmarkOwnedConversation(b *testing.B) {
	e := newEnv(b)
	e.file(b, marysConv, mary)
	b.ReportAllocs()
	for b.Loop() {
		if w := e.do(mary, http.MethodGet, "/api/conversations/"+marysConv, ""); w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
