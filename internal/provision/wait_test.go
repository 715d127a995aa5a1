package provision

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPollPrintsProgressUntilDone(t *testing.T) {
	var progress bytes.Buffer
	statuses := []string{"CREATING", "CREATING", "ACTIVE"}
	calls := 0
	err := Poll{Interval: time.Millisecond, Timeout: time.Hour, Progress: &progress}.until(context.Background(), "index x",
		func(context.Context) (string, bool, error) {
			s := statuses[calls]
			calls++
			return s, s == "ACTIVE", nil
		})
	if err != nil || calls != 3 {
		t.Fatalf("until = %v after %d checks, want done after 3", err, calls)
	}
	if n := strings.Count(progress.String(), "waiting for index x: CREATING"); n != 2 {
		t.Fatalf("progress %q: want one line per pending check", progress.String())
	}
}

func TestPollGivesUpAndStopsOnError(t *testing.T) {
	err := Poll{Interval: time.Millisecond, Timeout: 0}.until(context.Background(), "web experience w",
		func(context.Context) (string, bool, error) { return "CREATING", false, nil })
	if err == nil || !strings.Contains(err.Error(), "still CREATING") || !strings.Contains(err.Error(), "run the command again") {
		t.Fatalf("timeout: %v", err)
	}
	boom := errors.New("FAILED")
	if err := (Poll{Interval: time.Millisecond, Timeout: time.Hour}).until(context.Background(), "a",
		func(context.Context) (string, bool, error) { return "FAILED", false, boom }); !errors.Is(err, boom) {
		t.Fatalf("a failed status: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Poll{Interval: time.Hour, Timeout: 2 * time.Hour}).until(ctx, "a",
		func(context.Context) (string, bool, error) { return "CREATING", false, nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}
