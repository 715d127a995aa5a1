package redisstore_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

// TestLockLeaseEndsOnTheServer moves miniredis's clock past a lease: the
// next caller takes the lock, and the first holder's late unlock leaves
// it with its new holder.
func TestLockLeaseEndsOnTheServer(t *testing.T) {
	mr := miniredis.RunT(t)
	client := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	defer client.Close()
	store := redisstore.New(client, "q:")
	ctx := context.Background()

	late, err := store.Lock(ctx, "refresh", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	mr.FastForward(time.Minute)
	holder, err := store.Lock(ctx, "refresh", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	late()
	if !mr.Exists("q:l:refresh") {
		t.Fatal("a holder whose lease ended released the next holder's lock")
	}
	holder()
	if mr.Exists("q:l:refresh") {
		t.Fatal("the holder's unlock left the lock")
	}
}

// TestOwnerSetFollowsItsSessions: the owner index lives as long as the
// user's latest session, and a deleted session leaves it.
func TestOwnerSetFollowsItsSessions(t *testing.T) {
	client := redistest.Start(t)
	store := redisstore.New(client, "own:")
	ctx := context.Background()
	u := identity.Identity{Issuer: "https://idp", Subject: "mary"}
	owner := "own:u:" + session.Owner(u)
	var ends []time.Time
	for i, d := range []time.Duration{time.Hour, 2 * time.Hour} {
		end := time.Now().Add(d).Truncate(time.Millisecond)
		ends = append(ends, end)
		if err := store.Create(ctx, &session.Session{ID: string(rune('a' + i)), User: u, Expires: end}); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := client.PExpireTime(ctx, owner).Result(); err != nil || got != time.Duration(ends[1].UnixMilli())*time.Millisecond {
		t.Fatalf("owner index ends at %v, %v; want the latest session's end %v", got, err, ends[1].UnixMilli())
	}
	if err := store.Delete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if ids, err := client.ZRange(ctx, owner, 0, -1).Result(); err != nil || len(ids) != 1 || ids[0] != "b" {
		t.Fatalf("owner index after Delete = %v, %v; want [b]", ids, err)
	}
}

// TestErrorsNameNoSecret: errors name the operation, never a session id
// or a password from the URL.
func TestErrorsNameNoSecret(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing answers there now
	client := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer client.Close()
	store := redisstore.New(client, "q:")
	const id = "session-id-is-a-bearer-secret"
	_, err = store.Get(context.Background(), id)
	if err == nil || errors.Is(err, session.ErrNotFound) || strings.Contains(err.Error(), id) {
		t.Fatalf("Get with Redis down = %v; want an error that is not ErrNotFound and names no id", err)
	}

	for _, raw := range []string{"redis://user:hunter2@127.0.0.1:port/0", "redis://:hunter2@[::1/0", "redis://:hunter2@127.0.0.1:6379/db"} {
		if _, err := redisstore.ParseURL(raw); err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("ParseURL(bad URL) = %v; want an error without the password", err)
		}
	}
}

// TestCorruptSessionIsAnError: a value that does not decode is an error,
// never "not found" and never echoed.
func TestCorruptSessionIsAnError(t *testing.T) {
	mr := miniredis.RunT(t)
	client := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	defer client.Close()
	mr.HSet("q:s:x", "v", "token-like-garbage")
	_, err := redisstore.New(client, "q:").Get(context.Background(), "x")
	if err == nil || errors.Is(err, session.ErrNotFound) || strings.Contains(err.Error(), "garbage") {
		t.Fatalf("Get of a corrupt value = %v", err)
	}
}
