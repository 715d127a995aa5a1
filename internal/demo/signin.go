package demo

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// signIn runs mode's real sign-in flow for user in a browser through
// signin, as qbiz login does, and returns the user's credentials provider
// (signin's, as qbiz chat uses) and who they are.
func (w *world) signIn(ctx context.Context, mode string, app sandbox.Application, user string) (aws.CredentialsProvider, string, error) {
	p, err := w.profile(mode, app)
	if err != nil {
		return nil, "", err
	}
	sess := signin.New(p, signin.NewMemoryStore(), signin.Options{HTTP: w.http, Logger: w.log, AppConfig: w.appConfig,
		IDCKeysURL: w.info.IDCJWKSURL})
	b := NewBrowser(browserClient(), user, w.password(user))
	var e tokencache.Entry
	err = b.Drive(ctx, func(ctx context.Context) (err error) {
		e, err = sess.Login(ctx, signin.LoginOptions{Opener: b})
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return sess.Credentials(e.Identity), describe(e.Identity, mode), nil
}

// profile is the settings of the sandbox's application for mode, as
// qbiz configure would write them.
func (w *world) profile(mode string, app sandbox.Application) (config.Profile, error) {
	m, err := identity.ParseMode(mode)
	if err != nil {
		return config.Profile{}, err
	}
	p := config.Profile{Name: "demo-" + mode, Region: w.info.Region, EndpointURL: w.info.Endpoint, Mode: m,
		Issuer: w.info.OIDC.Issuer, ClientID: app.ClientID, Scopes: []string{"email", "profile"}, RoleARN: app.RoleARN}
	switch m {
	case identity.ModeSAML:
		p.ProviderARN, p.SAMLIdPMetadataURL, p.SAMLEntityID = app.ProviderARN, w.info.SAML.MetadataURL, w.info.SAML.SPEntityID
	case identity.ModeIDC:
		p.RoleARN, p.IDCRoleARN, p.IDCApplicationARN = "", app.RoleARN, app.IDCApplicationARN
	}
	return p, nil
}

// appConfig is the Identity Center application's own configuration: it
// signs with the sandbox administrator's keys, never the user's.
func (w *world) appConfig(context.Context) (aws.Config, error) {
	a := w.info.AdminCredentials
	return aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.http,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")}, nil
}

func describe(id identity.Identity, mode string) string {
	s := fmt.Sprintf("issuer %s, subject %s, email %s", id.Issuer, id.Subject, id.Email)
	if mode == "idc" {
		s += ", via Identity Center"
	}
	return s
}

// browserClient is a fresh cookie-less HTTP/1.1 client that follows
// redirects, like a private browser window.
func browserClient() *http.Client {
	return &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
}
