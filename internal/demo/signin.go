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
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/sandbox"
)

const contextProviderARN = "arn:aws:iam::aws:contextProvider/IdentityCenter"

// signIn runs mode's real sign-in flow for user and returns the user's
// credentials and a short description of who they are.
func (w *world) signIn(ctx context.Context, mode string, app sandbox.Application, user string) (aws.CredentialsProvider, string, error) {
	switch mode {
	case "oidc":
		tok, err := w.oidcLogin(ctx, user)
		if err != nil {
			return nil, "", err
		}
		c, err := w.webIdentity(ctx, app, tok)
		return c, describe(tok.Claims), err
	case "saml":
		return w.samlSignIn(ctx, app, user)
	case "idc":
		tok, err := w.oidcLogin(ctx, user)
		if err != nil {
			return nil, "", err
		}
		c, err := w.identityCenter(ctx, app, tok)
		return c, describe(tok.Claims) + ", via Identity Center", err
	}
	return nil, "", fmt.Errorf("unknown mode %q", mode)
}

func describe(c oidcauth.Claims) string {
	return fmt.Sprintf("issuer %s, subject %s, email %s", c.Issuer, c.Subject, c.Email)
}

func (w *world) oidcLogin(ctx context.Context, user string) (*oidcauth.Tokens, error) {
	rp, err := oidcauth.NewRelyingParty(ctx, oidcauth.Config{Issuer: w.info.OIDC.Issuer, ClientID: "qbiz-cli",
		Scopes: []string{"email", "profile"}, HTTPClient: w.http, Logger: w.log})
	if err != nil {
		return nil, err
	}
	b := NewBrowser(w.browserClient(), user, w.password(user))
	var tok *oidcauth.Tokens
	err = b.Drive(ctx, func(ctx context.Context) error {
		tok, err = oidcauth.Login(ctx, rp, oidcauth.LoginOptions{Opener: b})
		return err
	})
	return tok, err
}

// browserClient is a fresh cookie-less HTTP/1.1 client that follows
// redirects, like a private browser window.
func (w *world) browserClient() *http.Client {
	return &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
}

func (w *world) stsClient(creds aws.CredentialsProvider) *sts.Client {
	return sts.NewFromConfig(aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.http, Credentials: creds})
}

func (w *world) webIdentity(ctx context.Context, app sandbox.Application, tok *oidcauth.Tokens) (aws.CredentialsProvider, error) {
	out, err := w.stsClient(aws.AnonymousCredentials{}).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(app.RoleARN), RoleSessionName: aws.String(sessionName(tok.Claims.Email)), WebIdentityToken: aws.String(tok.IDToken)})
	if err != nil {
		return nil, err
	}
	return static(out.Credentials), nil
}

func (w *world) identityCenter(ctx context.Context, app sandbox.Application, tok *oidcauth.Tokens) (aws.CredentialsProvider, error) {
	admin := credentials.NewStaticCredentialsProvider(w.info.AdminCredentials.AccessKeyID, w.info.AdminCredentials.SecretAccessKey, "")
	idc := ssooidc.NewFromConfig(aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.http, Credentials: admin})
	t, err := idc.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(app.IDCApplicationARN),
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"), Assertion: aws.String(tok.IDToken)})
	if err != nil {
		return nil, err
	}
	out, err := w.stsClient(admin).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(app.RoleARN), RoleSessionName: aws.String(sessionName(tok.Claims.Email)),
		ProvidedContexts: []ststypes.ProvidedContext{{ProviderArn: aws.String(contextProviderARN), ContextAssertion: t.AwsAdditionalDetails.IdentityContext}}})
	if err != nil {
		return nil, err
	}
	return static(out.Credentials), nil
}

func static(c *ststypes.Credentials) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
}

func sessionName(email string) string {
	out := make([]rune, 0, len(email))
	for _, r := range email {
		if r < 128 && (r == '_' || r == '+' || r == '=' || r == ',' || r == '.' || r == '@' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			out = append(out, r)
		}
	}
	if len(out) > 64 {
		out = out[:64]
	}
	return string(out)
}
