package sandbox_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
)

const (
	mary  = "mary_major@example.com"
	mateo = "mateo_jackson@example.com"
)

// world is a running sandbox with SDK plumbing that records every raw
// response for the contract test.
type world struct {
	sb   *sandbox.Sandbox
	info sandbox.Info
	rec  *recorder
}

func startWorld(t testing.TB, opts sandbox.Options) *world {
	t.Helper()
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	ctx, cancel := context.WithCancel(context.Background())
	sb, err := sandbox.Start(ctx, opts)
	if err != nil {
		cancel()
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close(); cancel() })
	return &world{sb: sb, info: sb.Info(), rec: &recorder{next: sb.HTTPClient()}}
}

func (w *world) app(t testing.TB, mode string) sandbox.Application {
	t.Helper()
	a, ok := w.info.App(mode)
	if !ok {
		t.Fatalf("no %s application", mode)
	}
	return a
}

func (w *world) password(t testing.TB, user string) string {
	t.Helper()
	u, ok := w.info.User(user)
	if !ok {
		t.Fatalf("no user %s", user)
	}
	return u.Password
}

// cfg is an SDK config for the sandbox signing with creds (anonymous when nil).
func (w *world) cfg(creds aws.CredentialsProvider) aws.Config {
	return sandboxtest.Config(sandbox.Region, w.sb.URL, w.rec, creds)
}

func (w *world) admin() aws.CredentialsProvider {
	a := w.info.AdminCredentials
	return credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")
}

func static(c *ststypes.Credentials) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
}

// idToken signs user in at the OIDC IdP as the public CLI client.
func (w *world) idToken(t testing.TB, user string) string {
	t.Helper()
	f := sandboxtest.OIDCFlow{Issuer: w.info.OIDC.Issuer, ClientID: "qbiz-cli", RedirectURI: sandboxtest.CallbackURL, HTTPClient: w.sb.HTTPClient()}
	return f.SignIn(t, user, w.password(t, user))
}

// oidcCreds runs path (a): ID token → AssumeRoleWithWebIdentity.
func (w *world) oidcCreds(t testing.TB, user string) aws.CredentialsProvider {
	t.Helper()
	app := w.app(t, "oidc")
	out, err := sts.NewFromConfig(w.cfg(nil)).AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(app.RoleARN), RoleSessionName: aws.String("qbiz-e2e"), WebIdentityToken: aws.String(w.idToken(t, user))})
	if err != nil {
		t.Fatalf("AssumeRoleWithWebIdentity %s: %v", user, err)
	}
	return static(out.Credentials)
}

// samlCreds runs path (b): SAML login → AssumeRoleWithSAML.
func (w *world) samlCreds(t testing.TB, user string) aws.CredentialsProvider {
	t.Helper()
	app := w.app(t, "saml")
	f := sandboxtest.SAMLFlow{SSOURL: w.info.SAML.SSOURL, SPEntityID: w.info.SAML.SPEntityID, ACS: sandboxtest.ACSURL, HTTPClient: w.sb.HTTPClient()}
	res := f.SignIn(t, user, w.password(t, user))
	if res.ACS != f.ACS {
		t.Fatalf("auto-post targets %s, want %s", res.ACS, f.ACS)
	}
	out, err := sts.NewFromConfig(w.cfg(nil)).AssumeRoleWithSAML(context.Background(), &sts.AssumeRoleWithSAMLInput{
		RoleArn: aws.String(app.RoleARN), PrincipalArn: aws.String(app.ProviderARN), SAMLAssertion: aws.String(res.Response)})
	if err != nil {
		t.Fatalf("AssumeRoleWithSAML %s: %v", user, err)
	}
	return static(out.Credentials)
}

// idcCreds runs path (c): ID token → CreateTokenWithIAM → AssumeRole with
// the identity context.
func (w *world) idcCreds(t testing.TB, user string) aws.CredentialsProvider {
	t.Helper()
	app := w.app(t, "idc")
	ctx := context.Background()
	tok, err := ssooidc.NewFromConfig(w.cfg(w.admin())).CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{
		ClientId: aws.String(app.IDCApplicationARN), GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"),
		Assertion: aws.String(w.idToken(t, user))})
	if err != nil {
		t.Fatalf("CreateTokenWithIAM %s: %v", user, err)
	}
	assertion := identityContext(t, aws.ToString(tok.IdToken))
	out, err := sts.NewFromConfig(w.cfg(w.admin())).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(app.RoleARN),
		RoleSessionName: aws.String("qbiz-e2e"), ProvidedContexts: []ststypes.ProvidedContext{{
			ProviderArn: aws.String("arn:aws:iam::aws:contextProvider/IdentityCenter"), ContextAssertion: aws.String(assertion)}}})
	if err != nil {
		t.Fatalf("AssumeRole with identity context %s: %v", user, err)
	}
	return static(out.Credentials)
}

// identityContext reads the sts:identity_context claim of an Identity
// Center ID token (the signature is the caller's concern, not this test's).
func identityContext(t testing.TB, jwt string) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("IdToken is not a JWT: %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("IdToken payload: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatalf("IdToken claims: %v", err)
	}
	s, _ := claims["sts:identity_context"].(string)
	if s == "" {
		t.Fatalf("IdToken has no sts:identity_context: %v", keys(claims))
	}
	return s
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// subscribeAndChat asserts the first ChatSync of a new user is refused with
// the auto-subscription AccessDeniedException, then retries.
func subscribeAndChat(t testing.TB, q *qbusiness.Client, appID, question string) *qbusiness.ChatSyncOutput {
	t.Helper()
	in := &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String(question)}
	_, err := q.ChatSync(context.Background(), in)
	if code, msg := apiError(err); code != "AccessDeniedException" || !strings.Contains(msg, "User does not have a subscription") {
		t.Fatalf("first ChatSync: got %v, want the auto-subscription AccessDeniedException", err)
	}
	out, err := q.ChatSync(context.Background(), in)
	if err != nil {
		t.Fatalf("ChatSync after subscription: %v", err)
	}
	return out
}

func apiError(err error) (code, msg string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	return "", ""
}

// recorder is an SDK HTTP client that keeps every non-streaming response
// body, keyed by the operation the request addressed.
type recorder struct {
	next *http.Client
	mu   sync.Mutex
	seen []exchange
}

type exchange struct {
	req          *http.Request
	reqBody      []byte
	status       int
	contentType  string
	header       http.Header
	responseBody []byte
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody && !strings.Contains(req.Header.Get("Content-Type"), "eventstream") {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := r.next.Do(req)
	if err != nil || strings.Contains(resp.Header.Get("Content-Type"), "eventstream") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.seen = append(r.seen, exchange{req: req, reqBody: reqBody, status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), header: resp.Header.Clone(), responseBody: body})
	r.mu.Unlock()
	return resp, nil
}

func (r *recorder) exchanges() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]exchange(nil), r.seen...)
}
