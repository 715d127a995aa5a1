package demo

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// signIn runs mode's real sign-in flow for user and returns the user's
// credentials provider and a short description of who they are.
func (w *world) signIn(ctx context.Context, mode string, app sandbox.Application, user string) (aws.CredentialsProvider, string, error) {
	if mode == "saml" {
		return w.samlSignIn(ctx, app, user)
	}
	tok, err := w.oidcLogin(ctx, user)
	if err != nil {
		return nil, "", err
	}
	src := idToken{raw: tok.IDToken, id: identityOf(tok.Claims)}
	var p aws.CredentialsProvider
	switch mode {
	case "oidc":
		p = awscreds.NewWebIdentityProvider(w.stsClient(aws.AnonymousCredentials{}), app.RoleARN, src)
	case "idc":
		p = w.identityCenter(ctx, app, src)
	default:
		return nil, "", fmt.Errorf("unknown mode %q", mode)
	}
	return awscreds.Cache(p, time.Minute), describe(src.id, mode), nil
}

// idToken is a token source holding one freshly verified ID token.
type idToken struct {
	raw string
	id  identity.Identity
}

func (t idToken) IDToken(context.Context) (string, identity.Identity, error) { return t.raw, t.id, nil }

func identityOf(c oidcauth.Claims) identity.Identity {
	return identity.Identity{Issuer: c.Issuer, Subject: c.Subject, Email: c.Email, Groups: c.Groups, Name: c.Name}
}

func describe(id identity.Identity, mode string) string {
	s := fmt.Sprintf("issuer %s, subject %s, email %s", id.Issuer, id.Subject, id.Email)
	if mode == "idc" {
		s += ", via Identity Center"
	}
	return s
}

func (w *world) oidcLogin(ctx context.Context, user string) (*oidcauth.Tokens, error) {
	rp, err := oidcauth.NewRelyingParty(ctx, oidcauth.Config{Issuer: w.info.OIDC.Issuer, ClientID: "qbiz-cli",
		Scopes: []string{"email", "profile"}, HTTPClient: w.http, Logger: w.log})
	if err != nil {
		return nil, err
	}
	b := NewBrowser(browserClient(), user, w.password(user))
	var tok *oidcauth.Tokens
	err = b.Drive(ctx, func(ctx context.Context) error {
		tok, err = oidcauth.Login(ctx, rp, oidcauth.LoginOptions{Opener: b})
		return err
	})
	return tok, err
}

// browserClient is a fresh cookie-less HTTP/1.1 client that follows
// redirects, like a private browser window.
func browserClient() *http.Client {
	return &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
}

func (w *world) awsConfig(creds aws.CredentialsProvider) aws.Config {
	return aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.http, Credentials: creds}
}

func (w *world) stsClient(creds aws.CredentialsProvider) *sts.Client {
	return sts.NewFromConfig(w.awsConfig(creds))
}

// identityCenter exchanges the IdP token with CreateTokenWithIAM signed by
// the application's own credentials (the sandbox admin here), never the user's.
func (w *world) identityCenter(ctx context.Context, app sandbox.Application, src idToken) aws.CredentialsProvider {
	appCreds := credentials.NewStaticCredentialsProvider(w.info.AdminCredentials.AccessKeyID, w.info.AdminCredentials.SecretAccessKey, "")
	keys := oidc.NewRemoteKeySet(oidc.ClientContext(context.WithoutCancel(ctx), w.http), w.info.IDCJWKSURL)
	cfg := awscreds.IdentityCenterConfig{ApplicationARN: app.IDCApplicationARN, RoleARN: app.RoleARN, Keys: keys}
	return awscreds.NewIdentityCenterProvider(ssooidc.NewFromConfig(w.awsConfig(appCreds)), w.stsClient(appCreds), cfg, src)
}
