package provision

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Poll bounds waiting on an asynchronous resource.
type Poll struct {
	Interval time.Duration
	Timeout  time.Duration
	Progress io.Writer
}

// DefaultPoll checks every 5 s for up to 20 minutes.
var DefaultPoll = Poll{Interval: 5 * time.Second, Timeout: 20 * time.Minute}

// until calls check until it reports done, printing a progress line with the
// status each time it is not; it gives up after the timeout.
func (p Poll) until(ctx context.Context, what string, check func(context.Context) (status string, done bool, err error)) error {
	start := time.Now()
	for {
		status, done, err := check(ctx)
		if err != nil || done {
			return err
		}
		waited := time.Since(start).Round(time.Second)
		if waited >= p.Timeout {
			return fmt.Errorf("%s is still %s after %s; run the command again to resume", what, status, waited)
		}
		if p.Progress != nil {
			fmt.Fprintf(p.Progress, "waiting for %s: %s (%s)\n", what, status, waited)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(p.Interval):
		}
	}
}
