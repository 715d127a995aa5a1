package cli

import (
	"context"
	"fmt"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// samlSignIn runs SP-initiated SAML with a loopback ACS and checks that
// the assertion grants the profile's role.
func (a *app) samlSignIn(ctx context.Context, p config.Profile, f loginFlags) (tokencache.Entry, string, error) {
	if f.device {
		return tokencache.Entry{}, "", usageError{errNoDeviceSAML}
	}
	md, err := samlauth.FetchMetadata(ctx, a.http, p.SAMLIdPMetadataURL)
	if err != nil {
		return tokencache.Entry{}, "", err
	}
	cfg := samlauth.Config{EntityID: first(p.SAMLEntityID, "urn:amazon:webservices"), IdPMetadata: md,
		IdPSSOURL: p.SAMLSSOURL, HTTPClient: a.http, Logger: a.log, Now: a.now}
	var op samlauth.Opener
	if o := a.opener(f.noBrowser); o != nil {
		op = o
	}
	res, err := samlauth.Login(ctx, cfg, op, a.env.Stderr)
	if err != nil {
		return tokencache.Entry{}, "", err
	}
	if err := checkRole(p, res.Roles); err != nil {
		return tokencache.Entry{}, "", err
	}
	e := tokencache.Entry{Identity: res.Identity, Mode: p.Mode, IdPSessionExpiry: res.SessionNotOnOrAfter}
	return e, res.Assertion, nil
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
