package samlauth

import (
	"context"
	"fmt"
	"io"
)

// Opener opens a URL in the person's browser.
type Opener interface {
	Open(url string) error
}

// Login signs in interactively for the CLI: it listens on a loopback ACS,
// sends the browser to the IdP with an AuthnRequest naming that ACS, waits
// for the posted response (until ctx ends) and verifies it. cfg.ACSURL is
// replaced by the listener's URL. A nil opener prints the URL to out only.
func Login(ctx context.Context, cfg Config, opener Opener, out io.Writer) (*Result, error) {
	if out == nil {
		out = io.Discard
	}
	acs, err := ListenACS(ctx)
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
	showURL(opener, out, req.URL)
	form, err := acs.Wait(ctx)
	if err != nil {
		return nil, fmt.Errorf("saml login: %w", err)
	}
	return sp.Complete(req, form)
}

func showURL(opener Opener, out io.Writer, u string) {
	if opener != nil && opener.Open(u) == nil {
		fmt.Fprintln(out, "Opened your browser to sign in. If it did not open, visit:")
		fmt.Fprintln(out, u)
		return
	}
	fmt.Fprintln(out, "To sign in, open this URL in a browser on this machine:")
	fmt.Fprintln(out, u)
}
