package demo

import (
	"context"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// samlLogin runs SP-initiated SAML on a loopback ACS in a browser and
// hands the validated sign-in and its assertion to accept before the
// browser is told the outcome.
func (w *world) samlLogin(ctx context.Context, user string, accept func(tokencache.Entry, string) error) error {
	md, err := samlauth.FetchMetadata(ctx, w.http, w.info.SAML.MetadataURL)
	if err != nil {
		return err
	}
	cfg := samlauth.Config{EntityID: w.info.SAML.SPEntityID, IdPMetadata: md, HTTPClient: w.http, Logger: w.log}
	b := NewBrowser(browserClient(), user, w.password(user))
	return b.Drive(ctx, func(ctx context.Context) error {
		_, err := samlauth.Login(ctx, cfg, samlauth.LoginOptions{Opener: b, Accept: func(res *samlauth.Result) error {
			return accept(signin.SAMLEntry(identity.ModeSAML, res), res.Assertion)
		}})
		return err
	})
}
