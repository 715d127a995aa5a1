package oidcauth

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

// LoginOptions choose how the CLI signs in.
type LoginOptions struct {
	// Device uses the device authorization grant (no local browser needed).
	Device bool
	// NoBrowser prints the authorization URL instead of opening it.
	NoBrowser bool
	Opener    Opener
	// Out receives instructions for the person (stderr in the CLI).
	Out io.Writer
	// Listen replaces ListenLoopback (tests); nil uses ListenLoopback.
	Listen func(ctx context.Context) (*Loopback, error)
}

// Login signs in interactively: the browser flow on a loopback redirect, or
// the device flow when opts.Device is set.
func Login(ctx context.Context, rp *RelyingParty, opts LoginOptions) (*Tokens, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Device {
		return deviceLogin(ctx, rp, opts)
	}
	return browserLogin(ctx, rp, opts)
}

func browserLogin(ctx context.Context, rp *RelyingParty, opts LoginOptions) (*Tokens, error) {
	listen := opts.Listen
	if listen == nil {
		listen = ListenLoopback
	}
	lb, err := listen(ctx)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	defer lb.Close()
	authURL, tx, err := rp.Begin(lb.RedirectURL())
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	lb.Expect(tx.State)
	showAuthURL(opts, authURL)
	params, err := lb.Wait(ctx)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	return rp.Complete(ctx, tx, params)
}

func showAuthURL(opts LoginOptions, authURL string) {
	if !opts.NoBrowser && opts.Opener != nil {
		if err := opts.Opener.Open(authURL); err == nil {
			fmt.Fprintln(opts.Out, "Opened your browser to sign in. If it did not open, visit:")
			fmt.Fprintln(opts.Out, authURL)
			return
		}
	}
	fmt.Fprintln(opts.Out, "To sign in, open this URL in a browser on this machine:")
	fmt.Fprintln(opts.Out, authURL)
}

func deviceLogin(ctx context.Context, rp *RelyingParty, opts LoginOptions) (*Tokens, error) {
	dc, err := rp.DeviceAuth(ctx)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	fmt.Fprintf(opts.Out, "To sign in, visit %s and enter the code %s\n", dc.VerificationURI, dc.UserCode)
	if dc.VerificationURIComplete != "" {
		fmt.Fprintf(opts.Out, "or open %s\n", dc.VerificationURIComplete)
	}
	toks, err := rp.PollDevice(ctx, dc, func(time.Duration) {})
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	return toks, nil
}
