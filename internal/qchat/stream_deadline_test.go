package qchat_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// A stream whose answer stalls ends with the caller's context: the error
// says so, and no partial answer is passed off as the whole one.
func TestStalledStreamEndsWithItsContext(t *testing.T) {
	w := startWorld(t)
	c, _ := w.client(t, scenario.Mary)
	w.sb.Faults.Set("qbusiness", faults.Rule{ChunkDelay: time.Hour})
	defer w.sb.Faults.Reset()
	// The deadline lets the stream open and stall first.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ended := make(chan error, 1)
	go func() {
		_, err := c.Stream(ctx, qchat.Question{Text: "When does the ACME project launch?"}, nil)
		ended <- err
	}()
	select {
	case err := <-ended:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("stream after its deadline: %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(time.Minute): // a bound on a hang, not a measurement
		t.Fatal("the stream outlived its context by a minute")
	}
}
