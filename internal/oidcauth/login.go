package oidcauth

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"time"

	"golang.org/x/term"

	"github.com/qbiz/qbiz/internal/loopback"
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
	// RedirectURI, when set, is the loopback redirect fixed in advance
	// (registered at an IdP that compares redirect URIs exactly): the
	// browser flow listens exactly there and sends exactly it. Empty: a
	// port the system picks (ListenLoopback).
	RedirectURI string
	// Listen replaces the listener (tests); nil uses ListenLoopbackAt with
	// RedirectURI when it is set, else ListenLoopback.
	Listen func(ctx context.Context) (*Loopback, error)
	// Accept, if set, judges the verified tokens (e.g. the exchange for
	// AWS credentials), of a browser sign-in before the browser is told
	// the outcome: its error fails the login, and the page says so.
	Accept func(*Tokens) error
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
	switch {
	case listen != nil:
	case opts.RedirectURI != "":
		listen = func(ctx context.Context) (*Loopback, error) { return ListenLoopbackAt(ctx, opts.RedirectURI) }
	default:
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
	var opener loopback.Opener
	if !opts.NoBrowser && opts.Opener != nil {
		opener = opts.Opener
	}
	loopback.Invite(ctx, opts.Out, opener, authURL)
	var toks *Tokens
	err = lb.Receive(ctx, func(params url.Values) (err error) {
		if toks, err = rp.Complete(ctx, tx, params); err == nil && opts.Accept != nil {
			err = opts.Accept(toks)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return toks, nil
}

// deviceLogin runs the device authorization grant (RFC 8628), showing the
// code and a countdown on opts.Out.
func deviceLogin(ctx context.Context, rp *RelyingParty, opts LoginOptions) (*Tokens, error) {
	dc, err := rp.DeviceAuth(ctx)
	if err != nil {
		return nil, fmt.Errorf("device login: %w", err)
	}
	fmt.Fprintf(opts.Out, "To sign in, visit %s and enter the code %s\n", dc.VerificationURI, dc.UserCode)
	if dc.VerificationURIComplete != "" {
		fmt.Fprintf(opts.Out, "or open %s\n", dc.VerificationURIComplete)
	}
	toks, err := rp.PollDevice(ctx, dc, countdown(opts.Out))
	fmt.Fprintln(opts.Out)
	if err != nil {
		return nil, fmt.Errorf("device login: %w", err)
	}
	if opts.Accept != nil {
		if err := opts.Accept(toks); err != nil {
			return nil, err
		}
	}
	return toks, nil
}

// countdown prints the time left before each poll, redrawn on one line
// of a terminal; to a file or pipe, which a carriage return would only
// clutter, it says it once.
func countdown(out io.Writer) func(time.Duration) {
	redraw, said := isTerminal(out), false
	return func(left time.Duration) {
		if said && !redraw {
			return
		}
		left = left.Round(time.Second)
		msg := fmt.Sprintf("Waiting for approval… the code expires in %d:%02d", int(left.Minutes()), int(left.Seconds())%60)
		if redraw {
			msg = "\r" + msg + " "
		}
		fmt.Fprint(out, msg)
		said = true
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}
