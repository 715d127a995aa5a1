package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

// BenchmarkGet is one session lookup against a real redis-server on the
// loopback, with a 1.5 KiB sealed sign-in.
func BenchmarkGet(b *testing.B) {
	store := redisstore.New(redistest.Start(b), "bench:")
	ctx := context.Background()
	s := &session.Session{
		ID:      "bench-session",
		User:    identity.Identity{Issuer: "https://idp.example.com", Subject: "mary", Email: "mary@example.com"},
		CSRF:    "csrf-token-of-43-characters-xxxxxxxxxxxxxxx",
		Expires: time.Now().Add(time.Hour),
		SignIn:  make([]byte, 1536),
	}
	if err := store.Create(ctx, s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := store.Get(ctx, s.ID); err != nil {
			b.Fatal(err)
		}
	}
}
