package session_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
)

// BenchmarkMemoryIdleSessions measures the heap one idle session takes in
// the memory store with 100k of them, each with a 1.5 KiB sealed sign-in
// (go test -run XXX -bench MemoryIdleSessions -benchtime 1x).
func BenchmarkMemoryIdleSessions(b *testing.B) {
	const sessions = 100_000
	ctx := context.Background()
	now := time.Now()
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m := session.NewMemoryStore(nil)
		for i := range sessions {
			id, err := session.NewID(nil)
			if err != nil {
				b.Fatal(err)
			}
			csrf, _ := session.NewID(nil)
			sub := fmt.Sprintf("user-%08d-0000-4000-8000-000000000000", i)
			s := &session.Session{
				ID:       id,
				User:     identity.Identity{Issuer: "https://login.example.com/tenant/v2.0", Subject: sub, Email: sub[:13] + "@example.com", Name: "User " + sub[5:13]},
				IdP:      "corp",
				Mode:     identity.ModeOIDC,
				CSRF:     csrf,
				Created:  now,
				LastSeen: now,
				Expires:  now.Add(12 * time.Hour),
				SignIn:   make([]byte, 1536),
			}
			if err := m.Create(ctx, s); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/sessions, "B/session")
		runtime.KeepAlive(m)
	}
}
