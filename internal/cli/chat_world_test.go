package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// chatWorld is a sandbox with users signed in through the real OIDC flow
// and STS, standing in for what `qbiz login` caches.
type chatWorld struct {
	sb       *sandbox.Sandbox
	info     sandbox.Info
	sessions map[string]*userSession // by profile name = user
}

func startChatWorld(t *testing.T, users ...string) *chatWorld {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sb, err := sandbox.Start(ctx, sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		cancel()
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close(); cancel() })
	w := &chatWorld{sb: sb, info: sb.Info(), sessions: map[string]*userSession{}}
	for _, u := range users {
		w.sessions[u] = w.signIn(t, u)
	}
	return w
}

// openSession serves the world's signed-in users by profile name and
// falls back to the cached sign-in for any other profile.
func (w *chatWorld) openSession(a *app, ctx context.Context) (*userSession, error) {
	if s, ok := w.sessions[a.profile]; ok {
		return s, nil
	}
	return a.openSession(ctx)
}

// env is env with the world's users signed in.
func (w *chatWorld) env(env Env) Env {
	env.openSession = w.openSession
	return env
}

func (w *chatWorld) oidcApp(t *testing.T) sandbox.Application {
	t.Helper()
	a, ok := w.info.App("oidc")
	if !ok {
		t.Fatal("no oidc application")
	}
	return a
}

func (w *chatWorld) signIn(t *testing.T, user string) *userSession {
	t.Helper()
	var password string
	for _, u := range w.info.Users {
		if u.Username == user {
			password = u.Password
		}
	}
	ctx := context.Background()
	f := sandboxtest.OIDCFlow{Issuer: w.info.OIDC.Issuer, ClientID: scenario.CLIClientID, RedirectURI: "http://127.0.0.1:49152/callback", HTTPClient: w.sb.HTTPClient()}
	tok, err := f.Login(ctx, user, password)
	if err != nil {
		t.Fatalf("sign in %s: %v", user, err)
	}
	app := w.oidcApp(t)
	cfg := aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.sb.HTTPClient(), Credentials: aws.AnonymousCredentials{}}
	out, err := sts.NewFromConfig(cfg).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(app.RoleARN),
		RoleSessionName: aws.String("cli-test"), WebIdentityToken: aws.String(sandboxtest.IDToken(tok))})
	if err != nil {
		t.Fatalf("assume role as %s: %v", user, err)
	}
	c := out.Credentials
	creds := aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken, CanExpire: true, Expires: *c.Expiration}, nil
	}))
	p := config.Profile{Name: user, Mode: identity.ModeOIDC, Region: w.info.Region, EndpointURL: w.info.Endpoint, ApplicationID: app.ApplicationID, RoleARN: app.RoleARN}
	return &userSession{Profile: p, Credentials: creds, Identity: identity.Identity{Issuer: w.info.OIDC.Issuer, Subject: user, Email: user},
		AWS: aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint)}}
}

// run runs qbiz with args, stdin and a terminal flag, as a user would.
func (w *chatWorld) run(t *testing.T, stdin string, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := w.env(Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Environ: func() []string { return nil }, IsTerminal: func() bool { return tty }})
	code = Main(context.Background(), args, env)
	return code, out.String(), errb.String()
}

func (w *chatWorld) entries(op string) []ledger.Entry {
	return w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Operation == op })
}

var (
	uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	timeRE = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"`)
)

// normalise replaces ids by <id-N>, numbered in order of appearance, and
// JSON timestamps by <time>.
func normalise(s string) string {
	seen := map[string]string{}
	s = timeRE.ReplaceAllString(s, `"<time>"`)
	return uuidRE.ReplaceAllStringFunc(s, func(id string) string {
		if _, ok := seen[id]; !ok {
			seen[id] = "<id-" + strconv.Itoa(len(seen)+1) + ">"
		}
		return seen[id]
	})
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "chat", name+".golden")
	got = normalise(got)
	if updateGolden() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, path, got)
	}
}
