package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestInterrupted: a step whose context ended says why in a person's
// words — cancelled, or out of time with what to run — never Go's
// "context canceled"; an error while the context lives passes unchanged.
func TestInterrupted(t *testing.T) {
	cancelledCtx, cancel := context.WithCancel(context.Background())
	cancel()
	expiredCtx, cancel2 := context.WithTimeout(context.Background(), 0)
	defer cancel2()
	plain := errors.New("refused")
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want string
	}{
		{"cancelled", cancelledCtx, fmt.Errorf("waiting for the browser sign-in: %w", context.Canceled), "qbiz: sign-in cancelled\n"},
		{"out of time", expiredCtx, fmt.Errorf("waiting: %w", context.DeadlineExceeded),
			"qbiz: the sign-in did not finish within 10m0s: interactive sign-in required\n  hint: run: qbiz login --profile p\n"},
		{"live", context.Background(), plain, "qbiz: refused\n  hint: run with -v for details\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			render(&b, explain("p", interrupted(tt.ctx, tt.err, "sign-in")), true)
			if b.String() != tt.want {
				t.Errorf("rendered %q, want %q", b.String(), tt.want)
			}
		})
	}
}
