package signin

import (
	"context"
	"fmt"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// samlEntityID is the SP entity id AWS expects unless the profile says
// otherwise.
const samlEntityID = "urn:amazon:webservices"

// SAMLEntry is the sign-in to keep after a SAML login in mode; its SAML
// response goes to Exchange alongside.
func SAMLEntry(mode identity.Mode, res *samlauth.Result) tokencache.Entry {
	return tokencache.Entry{Identity: res.Identity, Mode: mode, IdPSessionExpiry: res.SessionNotOnOrAfter}
}

// samlLogin runs SP-initiated SAML with a loopback ACS (the profile's
// fixed one, if it names one), checks that the
// assertion grants the profile's role and hands the sign-in and the
// assertion to accept, all before the browser is told the outcome.
func (s *Session) samlLogin(ctx context.Context, o LoginOptions, accept func(tokencache.Entry, string) error) error {
	md, err := samlauth.FetchMetadata(ctx, s.o.HTTP, s.p.SAMLIdPMetadataURL)
	if err != nil {
		return err
	}
	entityID := s.p.SAMLEntityID
	if entityID == "" {
		entityID = samlEntityID
	}
	cfg := samlauth.Config{EntityID: entityID, IdPMetadata: md, IdPSSOURL: s.p.SAMLSSOURL, HTTPClient: s.o.HTTP,
		Logger: s.o.Logger, Now: s.o.Now}
	opts := samlauth.LoginOptions{Out: o.Out, ACSURL: s.p.RedirectURI, Accept: func(res *samlauth.Result) error {
		if err := checkRole(s.p, res.Roles); err != nil {
			return err
		}
		return accept(SAMLEntry(s.p.Mode, res), res.Assertion)
	}}
	if o.Opener != nil && !o.NoBrowser {
		opts.Opener = o.Opener
	}
	_, err = samlauth.Login(ctx, cfg, opts)
	return err
}

// checkRole requires the (role, provider) pair of the profile among the
// pairs the assertion grants.
func checkRole(p config.Profile, roles []samlauth.RolePair) error {
	for _, r := range roles {
		if r.RoleARN == p.RoleARN && r.ProviderARN == p.ProviderARN {
			return nil
		}
	}
	var have []string
	for _, r := range roles {
		have = append(have, r.RoleARN)
	}
	return fmt.Errorf("the SAML assertion does not grant %s via %s (it grants %v); fix %s/%s",
		p.RoleARN, p.ProviderARN, have, config.KeyRoleARN, config.KeyProviderARN)
}
