package demo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// samlSignIn runs SP-initiated SAML on a loopback ACS, validates the
// response locally, then relays the assertion to STS.
func (w *world) samlSignIn(ctx context.Context, app sandbox.Application, user string) (aws.CredentialsProvider, string, error) {
	md, err := samlauth.FetchMetadata(ctx, w.http, w.info.SAML.MetadataURL)
	if err != nil {
		return nil, "", err
	}
	cfg := samlauth.Config{EntityID: w.info.SAML.SPEntityID, IdPMetadata: md, HTTPClient: w.http, Logger: w.log}
	b := NewBrowser(browserClient(), user, w.password(user))
	var res *samlauth.Result
	err = b.Drive(ctx, func(ctx context.Context) error {
		res, err = samlauth.Login(ctx, cfg, samlauth.LoginOptions{Opener: b})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	p := awscreds.NewSAMLProvider(w.stsClient(aws.AnonymousCredentials{}), app.RoleARN, app.ProviderARN, assertion{res})
	return awscreds.Cache(p, 0), describe(res.Identity, "saml"), nil
}

// assertion is an assertion source holding one validated SAML response.
type assertion struct{ res *samlauth.Result }

func (a assertion) SAMLAssertion(context.Context) (string, identity.Identity, error) {
	return a.res.Assertion, a.res.Identity, nil
}
