package e2e_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/demo"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// Built once in TestMain.
var (
	qbizBin  string
	helloBin string
)

const keyringPassword = "e2e-keyring-passphrase"

func TestMain(m *testing.M) {
	if os.Getenv(childVar) != "" {
		os.Exit(m.Run()) // a program run by qbiz exec: nothing to build
	}
	dir, err := os.MkdirTemp("", "qbiz-e2e-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := buildAndRun(m, dir)
	os.RemoveAll(dir)
	os.Exit(code)
}

func buildAndRun(m *testing.M, dir string) int {
	qbizBin = filepath.Join(dir, "qbiz")
	helloBin = filepath.Join(dir, "hello")
	if out, err := exec.Command("go", "build", "-o", qbizBin, "github.com/qbiz/qbiz/cmd/qbiz").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build qbiz: %v\n%s", err, out)
		return 1
	}
	hello := filepath.Join(dir, "hello.go")
	os.WriteFile(hello, []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o600)
	if out, err := exec.Command("go", "build", "-o", helloBin, hello).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build hello: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// world is one sandbox and one user's home directory.
type world struct {
	t     testing.TB
	sb    *sandbox.Sandbox
	info  sandbox.Info
	home  string
	vars  map[string]string
	calls *atomic.Int64 // requests qbiz made through Env.HTTPClient
}

func newWorld(t testing.TB) *world {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	home := t.TempDir()
	w := &world{t: t, sb: sb, info: sb.Info(), home: home, calls: new(atomic.Int64)}
	w.vars = map[string]string{
		"HOME":                        home,
		"AWS_CONFIG_FILE":             filepath.Join(home, ".aws", "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, ".aws", "credentials"),
		"XDG_DATA_HOME":               filepath.Join(home, "data"),
		"XDG_CONFIG_HOME":             filepath.Join(home, "config"),
		"XDG_CACHE_HOME":              filepath.Join(home, "cache"),
		"QBIZ_KEYRING_BACKEND":        "file",
		"QBIZ_KEYRING_PASSWORD":       keyringPassword,
		"PATH":                        os.Getenv("PATH"),
	}
	return w
}

// with returns w reporting to t (for subtests).
func (w *world) with(t testing.TB) *world {
	c := *w
	c.t = t
	return &c
}

// result is one qbiz run.
type result struct {
	code           int
	stdout, stderr string
}

// run calls cli.Main in-process with opener as the browser.
func (w *world) run(opener cli.Opener, args ...string) result {
	return w.runEnv(opener, nil, args...)
}

func (w *world) runEnv(opener cli.Opener, extra map[string]string, args ...string) result {
	var errb bytes.Buffer
	r := w.runTo(&errb, opener, extra, args...)
	r.stderr = errb.String()
	return r
}

// runTo is runEnv with stderr going to errw (result.stderr stays empty).
func (w *world) runTo(errw io.Writer, opener cli.Opener, extra map[string]string, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	return w.runCtx(ctx, errw, opener, extra, args...)
}

// runCtx is runTo until ctx ends (a person pressing Ctrl-C).
func (w *world) runCtx(ctx context.Context, errw io.Writer, opener cli.Opener, extra map[string]string, args ...string) result {
	var out bytes.Buffer
	vars := w.env(extra)
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: errw,
		Getenv:     func(k string) string { return vars[k] },
		Environ:    func() []string { return environ(vars) },
		IsTerminal: func() bool { return false },
		Opener:     opener,
		HTTPClient: &http.Client{Transport: countingTransport{w.calls, http.DefaultTransport}, Timeout: 30 * time.Second},
		Executable: func() (string, error) { return qbizBin, nil },
	}
	code := cli.Main(ctx, args, env)
	return result{code: code, stdout: out.String()}
}

func (w *world) env(extra map[string]string) map[string]string {
	vars := make(map[string]string, len(w.vars)+len(extra))
	for k, v := range w.vars {
		vars[k] = v
	}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

func environ(vars map[string]string) []string {
	var out []string
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	return out
}

// runBinary runs the built qbiz with the world's environment.
func (w *world) runBinary(ctx context.Context, args ...string) result {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, qbizBin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = environ(w.vars), &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		code = -1
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

type countingTransport struct {
	n  *atomic.Int64
	rt http.RoundTripper
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(r)
}

// must fails the test unless r succeeded.
func (w *world) must(r result, what string) result {
	w.t.Helper()
	if r.code != 0 {
		w.t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", what, r.code, r.stdout, r.stderr)
	}
	return r
}

// configure writes the sandbox's profiles.
func (w *world) configure() {
	w.t.Helper()
	w.must(w.run(nil, "configure", "--from-sandbox", w.sb.URL), "configure --from-sandbox")
}

// browser signs in as user at the sandbox's login form.
func (w *world) browser(user string) *demo.Browser {
	w.t.Helper()
	u := w.user(user)
	return demo.NewBrowser(&http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}, u.Username, u.Password)
}

// user finds a sandbox user by username or email.
func (w *world) user(name string) sandbox.UserInfo {
	w.t.Helper()
	for _, u := range w.info.Users {
		if u.Username == name || u.Email == name {
			return u
		}
	}
	w.t.Fatalf("no sandbox user %s", name)
	return sandbox.UserInfo{}
}

func (w *world) login(profile, user string) result {
	w.t.Helper()
	return w.must(w.run(w.browser(user), "login", "--profile", profile), "login "+profile)
}

func (w *world) app(mode string) sandbox.Application {
	w.t.Helper()
	a, ok := w.info.App(mode)
	if !ok {
		w.t.Fatalf("no %s application", mode)
	}
	return a
}

// ledgerCount counts ledger entries for operation ("" = all).
func (w *world) ledgerCount(op string) int {
	return w.sb.Ledger.Count(func(e ledger.Entry) bool { return op == "" || e.Operation == op })
}

// offline returns a check that fails the test if any AWS call or any
// HTTP request reached the sandbox between offline and the check; what
// names the work in the failure.
func (w *world) offline(what string) func() {
	ledgerBefore, callsBefore := w.ledgerCount(""), w.calls.Load()
	return func() {
		w.t.Helper()
		if got := w.ledgerCount(""); got != ledgerBefore {
			w.t.Errorf("%s made %d AWS calls", what, got-ledgerBefore)
		}
		if got := w.calls.Load(); got != callsBefore {
			w.t.Errorf("%s made %d HTTP requests", what, got-callsBefore)
		}
	}
}

// chat asks as the holder of creds, subscribing on first use, and returns
// the last ChatSync ledger entry and the cited titles.
func (w *world) chat(creds aws.CredentialsProvider, appID, question string) (ledger.Entry, string) {
	w.t.Helper()
	q := qbusiness.NewFromConfig(aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint),
		HTTPClient: w.sb.HTTPClient(), Credentials: creds})
	in := &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String(question)}
	out, err := q.ChatSync(context.Background(), in)
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "AccessDeniedException" && strings.Contains(ae.ErrorMessage(), "User does not have a subscription") {
		out, err = q.ChatSync(context.Background(), in)
	}
	if err != nil {
		w.t.Fatalf("ChatSync: %v", err)
	}
	var titles []string
	for _, a := range out.SourceAttributions {
		titles = append(titles, aws.ToString(a.Title))
	}
	es := w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Operation == "ChatSync" && e.Status == 200 })
	return es[len(es)-1], strings.Join(titles, "|")
}

func staticCreds(p processJSON) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(p.AccessKeyId, p.SecretAccessKey, p.SessionToken)
}

// processJSON is the credential_process document.
type processJSON struct {
	Version         int
	AccessKeyId     string //nolint:revive // wire name
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
}

// store opens the world's token cache as qbiz does.
func (w *world) store() storeT {
	w.t.Helper()
	s, err := tokencache.Open(tokencache.Options{Backend: "file", Env: mapEnv(w.vars)})
	if err != nil {
		w.t.Fatalf("open token cache: %v", err)
	}
	return storeT{s}
}

type mapEnv map[string]string

func (m mapEnv) Getenv(k string) string { return m[k] }

// age makes the cached AWS credentials (and, if idToo, the ID token) of
// profile look about to expire, as time passing would.
func (w *world) age(profile string, idToo bool) {
	w.t.Helper()
	s := w.store()
	e, err := s.Get(profile)
	if err != nil {
		w.t.Fatalf("get %s: %v", profile, err)
	}
	e.AWS.Expiration = time.Now().Add(10 * time.Second)
	if idToo {
		e.IDTokenExpiry = time.Now().Add(-time.Minute)
	}
	if err := s.Put(profile, e); err != nil {
		w.t.Fatalf("put %s: %v", profile, err)
	}
}

// mustGet reads a cache entry.
func (s storeT) mustGet(t testing.TB, profile string) tokencache.Entry {
	t.Helper()
	e, err := s.Get(profile)
	if err != nil {
		t.Fatalf("get %s: %v", profile, err)
	}
	return e
}

type storeT struct{ *tokencache.Store }

// post sends a JSON body to the sandbox's control path, as an
// administrator's setting would, and fails the test unless it is taken.
func (w *world) post(path, body string) {
	w.t.Helper()
	postJSON(w.t, w.sb.URL+path, body)
}

// postStatus POSTs a JSON body to url with c and fails the test unless
// the answer has status want.
func postStatus(t testing.TB, c *http.Client, url, body string, want int) {
	t.Helper()
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("POST %s %.200s: %d, want %d", url, body, resp.StatusCode, want)
	}
}

// postJSON POSTs a JSON body to url and fails the test unless the answer
// is 2xx.
func postJSON(t testing.TB, url, body string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("POST %s: %s", url, resp.Status)
	}
}
