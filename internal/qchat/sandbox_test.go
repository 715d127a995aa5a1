package qchat_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// world is a sandbox started in-process for one test.
type world struct {
	sb   *sandbox.Sandbox
	info sandbox.Info
}

func startWorld(t testing.TB) *world {
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

func (w *world) cfg() aws.Config {
	return aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint)}
}

// signIn runs the authorization code flow at the sandbox IdP over HTTP and
// exchanges the ID token at STS for the user's own credentials.
func (w *world) signIn(t testing.TB, user string) aws.CredentialsProvider {
	t.Helper()
	ctx := context.Background()
	f := sandboxtest.OIDCFlow{Issuer: w.info.OIDC.Issuer, ClientID: scenario.CLIClientID, RedirectURI: sandboxtest.CallbackURL, HTTPClient: w.sb.HTTPClient()}
	idToken := f.SignIn(t, user, w.password(t, user))
	cfg := w.cfg()
	cfg.HTTPClient, cfg.Credentials = w.sb.HTTPClient(), aws.AnonymousCredentials{}
	out, err := sts.NewFromConfig(cfg).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(w.app(t, "oidc").RoleARN),
		RoleSessionName: aws.String("qchat-test"), WebIdentityToken: aws.String(idToken)})
	if err != nil {
		t.Fatalf("assume role as %s: %v", user, err)
	}
	c := out.Credentials
	return aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken, CanExpire: true, Expires: *c.Expiration}, nil
	}))
}

// notes collects what the client tells the person.
type notes struct {
	mu  sync.Mutex
	got []string
}

func (n *notes) add(s string) { n.mu.Lock(); n.got = append(n.got, s); n.mu.Unlock() }

func (n *notes) all() string { n.mu.Lock(); defer n.mu.Unlock(); return strings.Join(n.got, "\n") }

// client returns a qchat client for user on the OIDC application, signed in
// and already subscribed (the first call's subscription refusal consumed).
func (w *world) client(t testing.TB, user string, opts ...func(*qchat.Options)) (*qchat.Client, *notes) {
	t.Helper()
	n := &notes{}
	c := w.newClient(t, w.app(t, "oidc").ApplicationID, w.signIn(t, user), n, qchat.RetryPolicy{MaxAttempts: 3, MaxBackoff: time.Millisecond}, opts...)
	if _, err := c.Ask(context.Background(), qchat.Question{Text: "hello"}); err != nil {
		t.Fatalf("first question as %s: %v", user, err)
	}
	return c, n
}

func (w *world) newClient(t testing.TB, appID string, creds aws.CredentialsProvider, n *notes, p qchat.RetryPolicy, opts ...func(*qchat.Options)) *qchat.Client {
	t.Helper()
	o := qchat.Options{SubscriptionWait: time.Millisecond, Notify: n.add}
	for _, f := range opts {
		f(&o)
	}
	return qchat.New(qchat.NewAPI(w.cfg(), p), appID, creds, o)
}

func (w *world) entries(op string) []ledger.Entry {
	return w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Operation == op })
}
