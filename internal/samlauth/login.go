package samlauth

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"github.com/qbiz/qbiz/internal/loopback"
)

// Opener opens a URL in the person's browser.
type Opener interface {
	Open(url string) error
}

// LoginOptions choose how the CLI signs in.
type LoginOptions struct {
	// Opener opens the browser; nil prints the URL to Out only.
	Opener Opener
	// Out receives instructions for the person (stderr in the CLI).
	Out io.Writer
	// ACSURL, when set, is the loopback ACS fixed in advance (for IdPs
	// that require the exact ACS URL): the listener binds exactly there and
	// the AuthnRequest names exactly it. Empty: a port the system picks.
	ACSURL string
	// Accept, if set, judges the verified sign-in before the browser is
	// told the outcome (e.g. the role check and the exchange for AWS
	// credentials): its error fails the login, and the page says so.
	Accept func(*Result) error
}

// Login signs in interactively for the CLI: it listens on a loopback ACS,
// sends the browser to the IdP with an AuthnRequest naming that ACS, waits
// for the posted response (until ctx ends), verifies it and has
// opts.Accept judge it. cfg.ACSURL is replaced by the listener's URL
// (opts.ACSURL when set).
func Login(ctx context.Context, cfg Config, opts LoginOptions) (*Result, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	acs, err := listenACS(ctx, opts.ACSURL)
	if err != nil {
		return nil, fmt.Errorf("saml login: %w", err)
	}
	defer acs.Close()
	cfg.ACSURL = acs.URL()
	sp, err := NewServiceProvider(cfg)
	if err != nil {
		return nil, fmt.Errorf("saml login: %w", err)
	}
	req, err := sp.Begin()
	if err != nil {
		return nil, fmt.Errorf("saml login: %w", err)
	}
	acs.Expect(req.RelayState)
	var opener loopback.Opener
	if opts.Opener != nil {
		opener = opts.Opener
	}
	loopback.Invite(ctx, opts.Out, opener, req.URL)
	var res *Result
	err = acs.Receive(ctx, func(form url.Values) (err error) {
		if res, err = sp.Complete(req, form); err == nil && opts.Accept != nil {
			err = opts.Accept(res)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func listenACS(ctx context.Context, fixed string) (*ACS, error) {
	if fixed != "" {
		return ListenACSAt(ctx, fixed)
	}
	return ListenACS(ctx)
}
