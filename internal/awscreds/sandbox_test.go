package awscreds_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// world is a sandbox started in-process for one test.
type world struct {
	sb   *sandbox.Sandbox
	info sandbox.Info
}

func startWorld(t *testing.T) *world {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sb, err := sandbox.Start(ctx, sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		cancel()
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close(); cancel() })
	return &world{sb: sb, info: sb.Info()}
}

// cfg is an SDK configuration for the sandbox signing with creds.
func (w *world) cfg(creds aws.CredentialsProvider) aws.Config {
	return sandboxtest.Config(sandbox.Region, w.sb.URL, w.sb.HTTPClient(), creds)
}

// admin are the application's own credentials (the sandbox administrator).
func (w *world) admin() aws.CredentialsProvider {
	a := w.info.AdminCredentials
	return credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")
}

func (w *world) app(t *testing.T, mode string) sandbox.Application {
	t.Helper()
	a, ok := w.info.App(mode)
	if !ok {
		t.Fatalf("no %s application", mode)
	}
	return a
}

func (w *world) password(t *testing.T, user string) string {
	t.Helper()
	u, ok := w.info.User(user)
	if !ok {
		t.Fatalf("no user %s", user)
	}
	return u.Password
}

// oidcTokens is a TokenSource that signs a user in at the sandbox IdP
// (authorization code + PKCE over HTTP) and verifies the ID token.
type oidcTokens struct {
	mu  sync.Mutex
	raw string
	id  identity.Identity
}

func (s *oidcTokens) IDToken(context.Context) (string, identity.Identity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw, s.id, nil
}

func (w *world) signIn(t *testing.T, user string) *oidcTokens {
	t.Helper()
	ctx := oidc.ClientContext(context.Background(), w.sb.HTTPClient())
	f := sandboxtest.OIDCFlow{Issuer: w.info.OIDC.Issuer, ClientID: scenario.CLIClientID, RedirectURI: sandboxtest.CallbackURL, HTTPClient: w.sb.HTTPClient()}
	raw := f.SignIn(t, user, w.password(t, user))
	provider, err := oidc.NewProvider(ctx, w.info.OIDC.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	idt, err := provider.Verifier(&oidc.Config{ClientID: scenario.CLIClientID}).Verify(ctx, raw)
	if err != nil {
		t.Fatalf("verify id token: %v", err)
	}
	var claims struct {
		Email  string   `json:"email"`
		Groups []string `json:"groups"`
	}
	if err := idt.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	return &oidcTokens{raw: raw, id: identity.Identity{Issuer: idt.Issuer, Subject: idt.Subject, Email: claims.Email, Groups: claims.Groups}}
}

// samlAssertion is an AssertionSource holding one SAMLResponse.
type samlAssertion struct {
	b64 string
	id  identity.Identity
}

func (s samlAssertion) SAMLAssertion(context.Context) (string, identity.Identity, error) {
	return s.b64, s.id, nil
}

func (w *world) samlSignIn(t *testing.T, user string) samlAssertion {
	t.Helper()
	f := sandboxtest.SAMLFlow{SSOURL: w.info.SAML.SSOURL, SPEntityID: w.info.SAML.SPEntityID, ACS: sandboxtest.ACSURL, HTTPClient: w.sb.HTTPClient()}
	res := f.SignIn(t, user, w.password(t, user))
	return samlAssertion{b64: res.Response, id: identity.Identity{Issuer: w.info.SAML.EntityID, Subject: user, Email: user}}
}

func (w *world) webIdentity(tokens awscreds.TokenSource, role string) aws.CredentialsProvider {
	return awscreds.NewWebIdentityProvider(sts.NewFromConfig(w.cfg(aws.AnonymousCredentials{})), role, tokens)
}

// directoryMatcher maps the signed-in user to their Identity Center user,
// as an identity store lookup would.
func directoryMatcher(_ context.Context, idcUser string, id identity.Identity) error {
	u, ok := directory.New(scenario.Users()...).ByEmail(id.Email)
	if !ok || u.IDCUserID != idcUser {
		return fmt.Errorf("identity center user %s is not %s", idcUser, id.Email)
	}
	return nil
}

func (w *world) identityCenter(t *testing.T, idc awscreds.CreateTokenWithIAMAPI, tokens awscreds.TokenSource) aws.CredentialsProvider {
	t.Helper()
	app := w.app(t, "idc")
	keys := oidc.NewRemoteKeySet(oidc.ClientContext(context.Background(), w.sb.HTTPClient()), w.info.IDCJWKSURL)
	cfg := awscreds.IdentityCenterConfig{ApplicationARN: app.IDCApplicationARN, RoleARN: app.RoleARN, Keys: keys, MatchUser: directoryMatcher}
	if idc == nil {
		idc = ssooidc.NewFromConfig(w.cfg(w.admin()))
	}
	return awscreds.NewIdentityCenterProvider(idc, sts.NewFromConfig(w.cfg(w.admin())), cfg, tokens)
}

// chat asks a question with creds, subscribing the user on first use, and
// returns the cited titles.
func (w *world) chat(t *testing.T, creds aws.CredentialsProvider, appID, question string) string {
	t.Helper()
	q := qbusiness.NewFromConfig(w.cfg(creds))
	in := &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String(question)}
	out, err := q.ChatSync(context.Background(), in)
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "AccessDeniedException" && strings.Contains(ae.ErrorMessage(), "User does not have a subscription") {
		out, err = q.ChatSync(context.Background(), in)
	}
	if err != nil {
		t.Fatalf("ChatSync: %v", err)
	}
	var b strings.Builder
	for _, a := range out.SourceAttributions {
		b.WriteString(aws.ToString(a.Title) + "|")
	}
	return b.String()
}

// mark is the ledger position after provisioning.
func (w *world) mark() int64 {
	es := w.sb.Ledger.Entries(nil)
	if len(es) == 0 {
		return 0
	}
	return es[len(es)-1].Seq
}

// lastChat is the last successful ChatSync in the ledger.
func (w *world) lastChat(t *testing.T) ledger.Entry {
	t.Helper()
	es := w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Operation == "ChatSync" && e.Status == 200 })
	if len(es) == 0 {
		t.Fatal("no ChatSync in the ledger")
	}
	return es[len(es)-1]
}

var users = []struct{ user, question, want, notWant string }{
	{scenario.Mary, "When does the ACME project launch?", "ACME", "AnyOrgApp"},
	{scenario.Mateo, "What is the AnyOrgApp project budget?", "AnyOrgApp", "ACME"},
}

// checkAnswer asks as the user and checks both the citations and that the
// ledger attributes the call to the provider's credentials.
func (w *world) checkAnswer(t *testing.T, creds *aws.CredentialsCache, mode, user, question, want, notWant string) {
	t.Helper()
	cited := w.chat(t, creds, w.app(t, mode).ApplicationID, question)
	if !strings.Contains(cited, want) || strings.Contains(cited, notWant) {
		t.Errorf("%s cites %q; want %s and never %s", user, cited, want, notWant)
	}
	c, err := creds.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if e := w.lastChat(t); e.AccessKeyID != c.AccessKeyID {
		t.Errorf("ChatSync signed by %s, want the provider's %s", e.AccessKeyID, c.AccessKeyID)
	}
}

func TestWebIdentityProviderAnswersAsTheUser(t *testing.T) {
	w := startWorld(t)
	for _, u := range users {
		t.Run(u.user, func(t *testing.T) {
			creds := awscreds.Cache(w.webIdentity(w.signIn(t, u.user), w.app(t, "oidc").RoleARN), time.Minute)
			w.checkAnswer(t, creds, "oidc", u.user, u.question, u.want, u.notWant)
			if got := w.lastChat(t).Identity; !strings.EqualFold(got, u.user) {
				t.Errorf("ChatSync identity %q, want %s", got, u.user)
			}
		})
	}
}

func TestSAMLProviderAnswersAsTheUser(t *testing.T) {
	w := startWorld(t)
	app := w.app(t, "saml")
	for _, u := range users {
		t.Run(u.user, func(t *testing.T) {
			p := awscreds.NewSAMLProvider(sts.NewFromConfig(w.cfg(aws.AnonymousCredentials{})), app.RoleARN, app.ProviderARN, w.samlSignIn(t, u.user))
			w.checkAnswer(t, awscreds.Cache(p, time.Minute), "saml", u.user, u.question, u.want, u.notWant)
			if got := w.lastChat(t).Identity; !strings.EqualFold(got, u.user) {
				t.Errorf("ChatSync identity %q, want %s", got, u.user)
			}
		})
	}
}

func TestIdentityCenterProviderAnswersAsTheUser(t *testing.T) {
	w := startWorld(t)
	dir := directory.New(scenario.Users()...)
	for _, u := range users {
		t.Run(u.user, func(t *testing.T) {
			creds := awscreds.Cache(w.identityCenter(t, nil, w.signIn(t, u.user)), time.Minute)
			w.checkAnswer(t, creds, "idc", u.user, u.question, u.want, u.notWant)
			want, _ := dir.ByEmail(u.user)
			if got := w.lastChat(t).Identity; got != "idc:"+want.IDCUserID {
				t.Errorf("ChatSync identity %q, want idc:%s", got, want.IDCUserID)
			}
		})
	}
}

// STS-01: a role whose trust policy does not name this IdP refuses the
// token, and the provider reports it as a trust-policy denial.
func TestTrustPolicyDenialIsAccessDenied(t *testing.T) {
	w := startWorld(t)
	tokens := w.signIn(t, scenario.Mary)
	for _, mode := range []string{"saml", "idc"} {
		_, err := w.webIdentity(tokens, w.app(t, mode).RoleARN).Retrieve(context.Background())
		if !errors.Is(err, awscreds.ErrAccessDenied) {
			t.Errorf("%s role: err = %v, want ErrAccessDenied", mode, err)
		}
		if err != nil && strings.Contains(err.Error(), tokens.raw) {
			t.Errorf("error message carries the token")
		}
	}
}

// tampered returns a verified identity with a token whose signature was
// altered after verification.
type tampered struct{ *oidcTokens }

func (s tampered) IDToken(ctx context.Context) (string, identity.Identity, error) {
	raw, id, err := s.oidcTokens.IDToken(ctx)
	i := strings.LastIndexByte(raw, '.') + 5
	flip := byte('A')
	if raw[i] == 'A' {
		flip = 'B'
	}
	return raw[:i] + string(flip) + raw[i+1:], id, err
}

func TestTamperedTokenIsInvalidIdentityToken(t *testing.T) {
	w := startWorld(t)
	_, err := w.webIdentity(tampered{w.signIn(t, scenario.Mary)}, w.app(t, "oidc").RoleARN).Retrieve(context.Background())
	if !errors.Is(err, awscreds.ErrInvalidIdentityToken) {
		t.Fatalf("err = %v, want ErrInvalidIdentityToken", err)
	}
}

// swapAssertion exchanges another user's ID token in place of the one it
// is given, as a confused or malicious middle layer would.
type swapAssertion struct {
	next  awscreds.CreateTokenWithIAMAPI
	other string
}

func (s swapAssertion) CreateTokenWithIAM(ctx context.Context, in *ssooidc.CreateTokenWithIAMInput, fns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenWithIAMOutput, error) {
	c := *in
	c.Assertion = aws.String(s.other)
	return s.next.CreateTokenWithIAM(ctx, &c, fns...)
}

// STS-04 (d): an Identity Center idToken for somebody else is refused
// before AssumeRole.
func TestIdentityCenterTokenOfAnotherUserIsRejected(t *testing.T) {
	w := startWorld(t)
	mateo := w.signIn(t, scenario.Mateo)
	idc := swapAssertion{next: ssooidc.NewFromConfig(w.cfg(w.admin())), other: mateo.raw}
	_, err := w.identityCenter(t, idc, w.signIn(t, scenario.Mary)).Retrieve(context.Background())
	if !errors.Is(err, awscreds.ErrUserMismatch) {
		t.Fatalf("err = %v, want ErrUserMismatch", err)
	}
	if n := len(w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Operation == "AssumeRole" })); n != 0 {
		t.Errorf("AssumeRole called %d times with the wrong user's context", n)
	}
}

// STS-06: with service credentials in the environment, no user exchange
// or user call is signed with them.
func TestNoAmbientCredentials(t *testing.T) {
	w := startWorld(t)
	mark := w.mark()
	ambient := w.info.AdminCredentials
	t.Setenv("AWS_ACCESS_KEY_ID", ambient.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", ambient.SecretAccessKey)
	ambientCfg := w.cfg(credentials.NewStaticCredentialsProvider(ambient.AccessKeyID, ambient.SecretAccessKey, ""))
	app, saml := w.app(t, "oidc"), w.app(t, "saml")
	// The STS clients carry the ambient key: the providers must not use it.
	web := awscreds.NewWebIdentityProvider(sts.NewFromConfig(ambientCfg), app.RoleARN, w.signIn(t, scenario.Mary))
	w.chat(t, awscreds.Cache(web, time.Minute), app.ApplicationID, "When does the ACME project launch?")
	sp := awscreds.NewSAMLProvider(sts.NewFromConfig(ambientCfg), saml.RoleARN, saml.ProviderARN, w.samlSignIn(t, scenario.Mateo))
	w.chat(t, awscreds.Cache(sp, time.Minute), saml.ApplicationID, "What is the AnyOrgApp project budget?")
	// Control: a call that is signed with the ambient key shows up as such.
	if _, err := sts.NewFromConfig(ambientCfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	signed := w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Seq > mark && e.AccessKeyID == ambient.AccessKeyID })
	if len(signed) != 1 || signed[0].Operation != "GetCallerIdentity" {
		for _, e := range signed {
			t.Errorf("%s %s signed with the ambient key", e.Service, e.Operation)
		}
	}
	fed := w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Seq > mark && strings.HasPrefix(e.Operation, "AssumeRoleWith") })
	if len(fed) != 2 {
		t.Fatalf("federation calls in the ledger = %d, want 2", len(fed))
	}
	for _, e := range fed {
		if e.AccessKeyID != "" || e.Status != 200 {
			t.Errorf("%s: signed by %q, status %d; want unsigned and 200", e.Operation, e.AccessKeyID, e.Status)
		}
	}
}

// STS-05: a hundred concurrent callers share one exchange.
func TestConcurrentRetrieveExchangesOnce(t *testing.T) {
	w := startWorld(t)
	mark := w.mark()
	creds := awscreds.Cache(w.webIdentity(w.signIn(t, scenario.Mary), w.app(t, "oidc").RoleARN), time.Minute)
	var wg sync.WaitGroup
	keys := make(chan string, 100)
	for range 100 {
		wg.Go(func() {
			c, err := creds.Retrieve(context.Background())
			if err != nil {
				t.Error(err)
			}
			keys <- c.AccessKeyID
		})
	}
	wg.Wait()
	close(keys)
	distinct := map[string]bool{}
	for k := range keys {
		distinct[k] = true
	}
	calls := w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Seq > mark && e.Operation == "AssumeRoleWithWebIdentity" })
	if len(calls) != 1 || len(distinct) != 1 {
		t.Fatalf("AssumeRoleWithWebIdentity calls = %d, distinct keys = %d; want 1 and 1", len(calls), len(distinct))
	}
}
