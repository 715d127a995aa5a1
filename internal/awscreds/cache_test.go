package awscreds

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// countingProvider mints credentials valid for life and counts the calls;
// when gate is set every call waits for it.
type countingProvider struct {
	life  time.Duration
	calls atomic.Int32
	gate  chan struct{}
}

func (p *countingProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	p.calls.Add(1)
	if p.gate != nil {
		<-p.gate
	}
	return aws.Credentials{AccessKeyID: "ASIA", SecretAccessKey: "S", SessionToken: "T", CanExpire: true, Expires: time.Now().Add(p.life)}, nil
}

// STS-05: refresh happens within the window before expiry, never after.
func TestCacheRefreshesWithinWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &countingProvider{life: time.Hour}
		c := Cache(p, 5*time.Minute)
		steps := []struct {
			advance time.Duration
			calls   int32
		}{
			{0, 1},
			{30 * time.Minute, 1},
			{24*time.Minute + 59*time.Second, 1}, // 54m59s: still outside the window
			{2 * time.Second, 2},                 // 55m01s: inside the window, refreshed
			{30 * time.Minute, 2},
			{25 * time.Minute, 3},
		}
		for i, s := range steps {
			time.Sleep(s.advance)
			creds, err := c.Retrieve(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := p.calls.Load(); got != s.calls {
				t.Errorf("step %d: provider calls = %d, want %d", i, got, s.calls)
			}
			// The cache reports Expires already brought forward by the window.
			if !creds.Expires.After(time.Now()) {
				t.Errorf("step %d: handed out credentials expiring at %v (now %v)", i, creds.Expires, time.Now())
			}
		}
	})
}

func TestCacheOneRefreshAtATime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &countingProvider{life: time.Hour, gate: make(chan struct{})}
		c := Cache(p, time.Minute)
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for range 100 {
			wg.Go(func() {
				_, err := c.Retrieve(context.Background())
				errs <- err
			})
		}
		synctest.Wait() // all 100 are blocked: one in the provider, the rest on it
		close(p.gate)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := p.calls.Load(); got != 1 {
			t.Fatalf("provider calls = %d, want 1", got)
		}
	})
}
