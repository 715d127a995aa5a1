package redistest_test

import (
	"context"
	"testing"

	"github.com/qbiz/qbiz/internal/session/redistest"
	"github.com/redis/go-redis/v9"
)

func TestStartServerAnswersAndIsSharedByItsURL(t *testing.T) {
	s := redistest.StartServer(t)
	ctx := context.Background()
	if err := s.Client(t).Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	opt, err := redis.ParseURL(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	other := redis.NewClient(opt)
	defer other.Close()
	if got, err := other.Get(ctx, "k").Result(); err != nil || got != "v" {
		t.Fatalf("a second client through the URL reads %q, %v", got, err)
	}
	if got, err := other.ConfigGet(ctx, "save").Result(); err != nil || got["save"] != "" {
		t.Fatalf("persistence: save = %q, %v; want it off", got["save"], err)
	}
}
