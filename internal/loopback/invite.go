package loopback

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Opener opens a URL in the person's browser.
type Opener interface {
	Open(url string) error
}

// Invite sends the person to u on out: it opens u with opener, if any
// (printing u too, in case no browser appears), else prints u to open by
// hand; then it says how long the listener will wait (until ctx's
// deadline) and how to stop it.
func Invite(ctx context.Context, out io.Writer, opener Opener, u string) {
	if opener != nil && opener.Open(u) == nil {
		fmt.Fprintln(out, "Opened your browser to sign in. If it did not open, visit:")
	} else {
		fmt.Fprintln(out, "To sign in, open this URL in a browser on this machine:")
	}
	fmt.Fprintln(out, u)
	fmt.Fprintf(out, "Waiting%s for the sign-in to finish in the browser (Ctrl-C to cancel)…\n", upTo(ctx))
}

// upTo renders the time left before ctx's deadline, e.g. " up to 10 minutes".
func upTo(ctx context.Context) string {
	deadline, ok := ctx.Deadline()
	if !ok {
		return ""
	}
	left := time.Until(deadline)
	switch {
	case left >= 2*time.Minute:
		return fmt.Sprintf(" up to %d minutes", int(left.Round(time.Minute).Minutes()))
	case left >= time.Second:
		return fmt.Sprintf(" up to %d seconds", int(left.Round(time.Second).Seconds()))
	}
	return ""
}
