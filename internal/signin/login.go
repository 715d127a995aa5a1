package signin

import (
	"context"
	"fmt"
	"io"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// Opener opens a URL in the person's browser.
type Opener interface {
	Open(url string) error
}

// LoginOptions say how the person signs in.
type LoginOptions struct {
	// Device asks for the OIDC device authorization grant; the login
	// fails if the IdP does not offer it. DeviceIfOffered uses it when
	// the IdP offers it and prints the sign-in URL otherwise (no browser
	// to be had). SAML has no device flow and ignores both.
	Device, DeviceIfOffered bool
	// NoBrowser prints the sign-in URL instead of opening it.
	NoBrowser bool
	// Opener opens the browser; nil prints the URL only.
	Opener Opener
	// Out receives instructions for the person (the URL, the device code).
	Out io.Writer
}

// Login signs the person in interactively at the profile's IdP, exchanges
// the sign-in for AWS credentials before the browser is told the outcome
// (so its page says whether the whole login worked) and stores it. The
// caller holds the profile's lock when other logins may run.
func (s *Session) Login(ctx context.Context, o LoginOptions) (tokencache.Entry, error) {
	if o.Out == nil {
		o.Out = io.Discard
	}
	var e tokencache.Entry
	accept := func(signedIn tokencache.Entry, samlB64 string) (err error) {
		e, err = s.Exchange(ctx, signedIn, samlB64)
		return err
	}
	var err error
	if s.p.Mode == identity.ModeSAML {
		err = s.samlLogin(ctx, o, accept)
	} else {
		err = s.oidcLogin(ctx, o, func(t *oidcauth.Tokens) error { return accept(OIDCEntry(s.p.Mode, t), "") })
	}
	if err != nil {
		return e, err
	}
	return e, s.put(e)
}

// oidcLogin runs the browser flow (on the profile's fixed redirect URI, if
// it names one) or the device flow at the profile's issuer and
// hands the verified tokens to accept.
func (s *Session) oidcLogin(ctx context.Context, o LoginOptions, accept func(*oidcauth.Tokens) error) error {
	rp, err := s.RelyingParty(ctx)
	if err != nil {
		return err
	}
	device := o.Device || o.DeviceIfOffered
	if device && !rp.SupportsDeviceFlow() {
		if o.Device {
			return fmt.Errorf("login: the device code flow: %w", oidcauth.ErrUnsupported)
		}
		device, o.NoBrowser = false, true // no browser here and no device flow there: print the URL
	}
	var opener oidcauth.Opener
	if o.Opener != nil && !o.NoBrowser {
		opener = o.Opener
	}
	_, err = oidcauth.Login(ctx, rp, oidcauth.LoginOptions{Device: device, NoBrowser: o.NoBrowser,
		Opener: opener, Out: o.Out, RedirectURI: s.p.RedirectURI, Accept: accept})
	return err
}
