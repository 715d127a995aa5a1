package redisstore_test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

// replyDelay holds every reply back, so that a command whose ctx ends
// soon after it is sent is cut short with its reply still on the way.
const replyDelay = 20 * time.Millisecond

// delayingProxy forwards 127.0.0.1 connections to addr, holding each
// chunk of the server's replies back by replyDelay. It returns its
// address and how many connections it accepted.
func delayingProxy(t *testing.T, addr string) (string, *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepted atomic.Int32
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			client, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			server, err := net.Dial("tcp", addr)
			if err != nil {
				client.Close()
				continue
			}
			wg.Add(2)
			go func() { defer wg.Done(); _, _ = io.Copy(server, client); server.Close() }()
			go func() { defer wg.Done(); copyDelayed(client, server); client.Close() }()
		}
	}()
	return l.Addr().String(), &accepted
}

func copyDelayed(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			time.Sleep(replyDelay)
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestCancelledReadNeverAnswersAnotherRequest (ISO-04): with one pooled
// connection and every reply late, many Gets are cut short by their ctx;
// each later Get still gets its own session, never a reply meant for a
// cancelled one.
func TestCancelledReadNeverAnswersAnotherRequest(t *testing.T) {
	srv := redistest.StartServer(t)
	direct := redisstore.New(srv.Client(t), "iso:")
	ctx := context.Background()
	var ids [2]string
	for i, subject := range []string{"mary", "mateo"} {
		id, err := session.NewID(nil)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
		s := &session.Session{ID: id, User: identity.Identity{Issuer: "https://idp", Subject: subject}, Expires: time.Now().Add(time.Hour), SignIn: []byte(subject)}
		if err := direct.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
	}

	addr, accepted := delayingProxy(t, srv.Addr)
	opt, err := redisstore.ParseURL("redis://" + addr + "/0")
	if err != nil {
		t.Fatal(err)
	}
	opt.PoolSize, opt.MinIdleConns, opt.MaxRetries = 1, 0, -1
	client := redis.NewClient(opt)
	defer client.Close()
	store := redisstore.New(client, "iso:")

	const rounds = 25
	for i := range rounds {
		cut, victim := ids[i%2], ids[(i+1)%2]
		short, cancel := context.WithTimeout(ctx, replyDelay/4)
		got, err := store.Get(short, cut)
		cancel()
		if err == nil && got.ID != cut {
			t.Fatalf("round %d: a Get cut short returned another session", i)
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("round %d: a Get cut short = %v, want the ctx's deadline", i, err)
		}
		got, err = store.Get(ctx, victim)
		if err != nil {
			t.Fatalf("round %d: Get after a cut-short one: %v", i, err)
		}
		if got.ID != victim {
			t.Fatalf("round %d: Get returned the reply meant for the cancelled request (ISO-04)", i)
		}
	}
	t.Logf("%d rounds over %d connections", rounds, accepted.Load())
}
