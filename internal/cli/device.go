package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/qbiz/qbiz/internal/oidcauth"
)

// deviceLogin runs the device authorization grant (RFC 8628), showing the
// code and a countdown on out (stderr).
func deviceLogin(ctx context.Context, rp *oidcauth.RelyingParty, out io.Writer) (*oidcauth.Tokens, error) {
	dc, err := rp.DeviceAuth(ctx)
	if err != nil {
		return nil, fmt.Errorf("device login: %w", err)
	}
	fmt.Fprintf(out, "To sign in, visit %s and enter the code %s\n", dc.VerificationURI, dc.UserCode)
	if dc.VerificationURIComplete != "" {
		fmt.Fprintf(out, "or open %s\n", dc.VerificationURIComplete)
	}
	t, err := rp.PollDevice(ctx, dc, countdown(out))
	fmt.Fprintln(out)
	if err != nil {
		return nil, fmt.Errorf("device login: %w", err)
	}
	return t, nil
}

// countdown prints the time left before each poll on one line.
func countdown(out io.Writer) func(time.Duration) {
	return func(left time.Duration) {
		left = left.Round(time.Second)
		fmt.Fprintf(out, "\rWaiting for approval… the code expires in %d:%02d ", int(left.Minutes()), int(left.Seconds())%60)
	}
}
