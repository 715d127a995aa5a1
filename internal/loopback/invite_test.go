package loopback

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

type opener struct {
	err    error
	opened string
}

func (o *opener) Open(u string) error { o.opened = u; return o.err }

// TestInvite: the person is told where to sign in (opened, or to open by
// hand when there is no browser or it failed), that qbiz is waiting, for
// how long, and how to stop it.
func TestInvite(t *testing.T) {
	const u = "https://idp.example/authorize?x=1"
	tests := []struct {
		name     string
		opener   *opener
		deadline time.Duration
		want     []string
	}{
		{"opened", &opener{}, 10 * time.Minute, []string{"Opened your browser", u, "Waiting up to 10 minutes", "Ctrl-C"}},
		{"no browser", nil, 10 * time.Minute, []string{"open this URL", u, "Waiting up to 10 minutes", "Ctrl-C"}},
		{"browser failed", &opener{err: errors.New("no display")}, 5 * time.Minute, []string{"open this URL", u, "Waiting up to 5 minutes"}},
		{"no deadline", nil, 0, []string{"open this URL", u, "Waiting for the sign-in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			var out strings.Builder
			var o Opener
			if tt.opener != nil {
				o = tt.opener
			}
			Invite(ctx, &out, o, u)
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			if tt.opener != nil && tt.opener.opened != u {
				t.Errorf("opened %q", tt.opener.opened)
			}
		})
	}
}
