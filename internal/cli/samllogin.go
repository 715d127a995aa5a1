package cli

import (
	"context"
	"fmt"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// samlSignIn runs SP-initiated SAML with a loopback ACS, checks that the
// assertion grants the profile's role and hands the sign-in and the
// assertion to accept, all before the browser is told the outcome.
func (a *app) samlSignIn(ctx context.Context, p config.Profile, f loginFlags, accept func(tokencache.Entry, string) error) error {
	if f.device {
		return usageError{errNoDeviceSAML}
	}
	md, err := samlauth.FetchMetadata(ctx, a.http, p.SAMLIdPMetadataURL)
	if err != nil {
		return err
	}
	cfg := samlauth.Config{EntityID: first(p.SAMLEntityID, "urn:amazon:webservices"), IdPMetadata: md,
		IdPSSOURL: p.SAMLSSOURL, HTTPClient: a.http, Logger: a.log, Now: a.now}
	opts := samlauth.LoginOptions{Out: a.env.Stderr, Accept: func(res *samlauth.Result) error {
		if err := checkRole(p, res.Roles); err != nil {
			return err
		}
		return accept(signin.SAMLEntry(p.Mode, res), res.Assertion)
	}}
	if o := a.opener(f.noBrowser); o != nil {
		opts.Opener = o
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
