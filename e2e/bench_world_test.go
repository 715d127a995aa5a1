package e2e_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// benchWorld is the benchmarks' world: a sandbox with soak users; the
// built `qbiz serve` (the gateway, in its own process, so its CPU time is
// its own) and a bare pooled httputil.ReverseProxy (likewise) in front of
// the sandbox; one gateway session per OIDC soak user, signed in through
// the gateway's real sign-in; and each user's own AWS credentials for
// the SDK calls made without the gateway.
type benchWorld struct {
	t     *testing.T
	sb    *sandbox.Sandbox
	info  sandbox.Info
	users []sandbox.SoakUser // the OIDC soak users
	appID string

	gw, proxy *benchProc
	sessions  []benchSession            // users[i]'s gateway session
	creds     []aws.CredentialsProvider // users[i]'s own credentials
	browser   *http.Client              // the browsers' pooled HTTP/1.1 client toward the gateway
	direct    *qbusiness.Client         // the SDK straight to the sandbox
	proxied   *qbusiness.Client         // the SDK through the bare proxy
}

type benchSession struct{ cookie, csrf string }

// benchProc is a server the benchmark started as a process of its own.
type benchProc struct {
	cmd   *exec.Cmd
	url   string
	pprof string // its Go profiler's address, when QBIZ_BENCH_PROFILE asks for one
}

const benchQuestion = `{"message":"When does ACME launch?"}`

func newBenchWorld(t *testing.T, sessions int) *benchWorld {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", SoakUsers: 2 * sessions})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	if err := trustGateway(sb); err != nil {
		t.Fatalf("trust the gateway's client: %v", err)
	}
	w := &benchWorld{t: t, sb: sb, info: sb.Info()}
	for _, u := range sb.SoakUsers() {
		if u.IdP == "oidc" && len(w.users) < sessions {
			w.users = append(w.users, u)
		}
	}
	app, _ := w.info.App("oidc")
	w.appID = app.ApplicationID
	w.gw = w.startGateway()
	w.proxy = w.startBareProxy()
	tr := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute}
	t.Cleanup(tr.CloseIdleConnections)
	w.browser = &http.Client{Transport: tr}
	w.direct, w.proxied = w.sdk(w.info.Endpoint), w.sdk(w.proxy.url)
	w.signInAll()
	return w
}

// sdk is a Q Business client toward endpoint over one pooled h2c
// transport, without credentials of its own.
func (w *benchWorld) sdk(endpoint string) *qbusiness.Client {
	hc := w.sb.HTTPClient()
	tr := hc.Transport.(*http.Transport)
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 1024, 256
	w.t.Cleanup(tr.CloseIdleConnections)
	return qchat.NewAPI(aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(endpoint), HTTPClient: hc}, qchat.DefaultRetry)
}

// startGateway runs the built qbiz serve with a configuration file naming
// the sandbox's OIDC IdP and application, on a free loopback port.
func (w *benchWorld) startGateway() *benchProc {
	dir := w.t.TempDir()
	addr := freeLoopbackAddr(w.t)
	app, _ := w.info.App("oidc")
	cfg := fmt.Sprintf(`public_url: http://%s
identity_providers:
  - name: corp
    label: Corp OIDC
    mode: oidc
    issuer: %s
    client_id: %s
    client_secret_env: QBIZ_BENCH_CLIENT_SECRET
    scopes: [email, profile, offline_access]
    role_arn: %s
    application_id: %s
    region: %s
    endpoint_url: %s
`, addr, w.info.OIDC.Issuer, scenario.GatewayClientID, app.RoleARN, app.ApplicationID, w.info.Region, w.info.Endpoint)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	writeFile0600(w.t, filepath.Join(dir, "gateway.yaml"), cfg)
	writeFile0600(w.t, filepath.Join(dir, "session.key"), string(key))
	cmd := exec.Command(qbizBin, "serve", "--config", filepath.Join(dir, "gateway.yaml"), "--addr", addr,
		"--session-key-file", filepath.Join(dir, "session.key"))
	cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "QBIZ_BENCH_CLIENT_SECRET=" + scenario.GatewayClientSecret}
	var pprofAddr string
	if os.Getenv("QBIZ_BENCH_PROFILE") != "" {
		pprofAddr = freeLoopbackAddr(w.t)
		cmd.Env = append(cmd.Env, "QBIZ_PPROF_ADDR="+pprofAddr)
	}
	p := w.start(cmd, "qbiz serve: listening on ")
	p.pprof = pprofAddr
	return p
}

// bareProxySource is the baseline: a pooled httputil.ReverseProxy that
// passes the SDK's signed requests (h2c in, h2c out, streamed) to the
// sandbox unchanged, Host included, so the signature still holds. Its
// writer sends the response headers at once: the Chat stream's client
// sends its question only once it has them.
const bareProxySource = `package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
)

func main() {
	target, err := url.Parse(os.Args[1])
	if err != nil {
		panic(err)
	}
	tr := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 256, Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	rp := &httputil.ReverseProxy{Transport: tr, FlushInterval: -1, Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host
		ctx, cancel := context.WithCancel(r.Out.Context())
		r.Out = r.Out.WithContext(context.WithValue(ctx, cancelKey{}, cancel))
	}, ModifyResponse: func(res *http.Response) error {
		res.Body = cancelOnClose{res.Body, res.Request.Context().Value(cancelKey{}).(context.CancelFunc)}
		return nil
	}}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rp.ServeHTTP(headersAtOnce{w}, r) })
	srv := &http.Server{Handler: h, Protocols: new(http.Protocols)}
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())
	panic(srv.Serve(ln))
}

type cancelKey struct{}

// cancelOnClose ends the upstream request once its response is read: the
// HTTP/2 transport's Close otherwise waits for the request body's writer,
// which waits on the client's request stream, which the client closes
// only after the response's end.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b cancelOnClose) Close() error {
	b.cancel()
	return b.ReadCloser.Close()
}

type headersAtOnce struct{ http.ResponseWriter }

func (w headersAtOnce) WriteHeader(code int) {
	w.ResponseWriter.WriteHeader(code)
	w.Flush()
}

func (w headersAtOnce) Flush() { w.ResponseWriter.(http.Flusher).Flush() }
`

func (w *benchWorld) startBareProxy() *benchProc {
	dir := w.t.TempDir()
	src, bin := filepath.Join(dir, "proxy.go"), filepath.Join(dir, "proxy")
	writeFile0600(w.t, src, bareProxySource)
	if out, err := exec.Command("go", "build", "-o", bin, src).CombinedOutput(); err != nil {
		w.t.Fatalf("build the bare proxy: %v\n%s", err, out)
	}
	return w.start(exec.Command(bin, w.info.Endpoint), "listening on ")
}

// start runs cmd until the test ends and returns it once it has printed
// its listening line (prefix, then the URL).
func (w *benchWorld) start(cmd *exec.Cmd, prefix string) *benchProc {
	w.t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		w.t.Fatal(err)
	}
	var stderr syncLog
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), prefix); ok {
			go io.Copy(io.Discard, out) //nolint:errcheck // the rest of its output
			return &benchProc{cmd: cmd, url: strings.Fields(u)[0]}
		}
	}
	w.t.Fatalf("%s printed no listening line\n%.2000s", cmd.Path, stderr.String())
	return nil
}

// signInAll signs every user in through the gateway (a session each) and
// at the IdP and STS directly (their own credentials), 16 at a time.
func (w *benchWorld) signInAll() {
	env := &soakEnv{t: w.t, sb: w.sb, info: w.info, users: w.users, gwURL: w.gw.url, logs: &syncLog{}, clientTransport: w.browser.Transport}
	w.sessions = make([]benchSession, len(w.users))
	w.creds = make([]aws.CredentialsProvider, len(w.users))
	errs := make([]error, len(w.users))
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for i, u := range w.users {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			j := env.newJar(u.Username)
			if errs[i] = j.signIn(context.Background(), u); errs[i] != nil {
				return
			}
			_, csrf, _ := j.current()
			w.sessions[i] = benchSession{cookie: j.sessionCookie(), csrf: csrf}
			w.creds[i], errs[i] = w.ownCredentials(u)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			w.t.Fatalf("sign in %s: %v", w.users[i].Username, err)
		}
	}
}

// ownCredentials signs u in at the IdP with the CLI's client and
// exchanges the ID token at STS, as the user's own SDK would.
func (w *benchWorld) ownCredentials(u sandbox.SoakUser) (aws.CredentialsProvider, error) {
	app, _ := w.info.App("oidc")
	f := sandboxtest.OIDCFlow{Issuer: w.info.OIDC.Issuer, ClientID: scenario.CLIClientID, RedirectURI: sandboxtest.CallbackURL, HTTPClient: w.sb.HTTPClient()}
	tok, err := f.Login(context.Background(), u.Username, u.Password)
	if err != nil {
		return nil, err
	}
	cfg := aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.sb.HTTPClient(), Credentials: aws.AnonymousCredentials{}}
	out, err := sts.NewFromConfig(cfg).AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(app.RoleARN),
		RoleSessionName: aws.String("bench"), WebIdentityToken: aws.String(sandboxtest.IDToken(tok))})
	if err != nil {
		return nil, err
	}
	c := aws.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey,
		SessionToken: *out.Credentials.SessionToken, CanExpire: true, Expires: *out.Credentials.Expiration}
	return aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return c, nil })), nil
}

// gatewayChat is one chat turn through the gateway as session s, read to
// its done frame.
func (w *benchWorld) gatewayChat(ctx context.Context, s benchSession) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.gw.url+"/api/chat", strings.NewReader(benchQuestion))
	if err != nil {
		return err
	}
	req.Header.Set("Origin", w.gw.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", s.csrf)
	req.Header.Set("Cookie", "__Host-qbiz="+s.cookie)
	resp, err := w.browser.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "event: done") {
		return fmt.Errorf("chat through the gateway: %d %.300s", resp.StatusCode, body)
	}
	return nil
}

// sdkChat is one chat turn with q as user i's own credentials: the Chat
// event stream, read to its end.
func (w *benchWorld) sdkChat(ctx context.Context, q *qbusiness.Client, i int) error {
	_, err := qchat.New(q, w.appID, w.creds[i], qchat.Options{}).Stream(ctx, qchat.Question{Text: "When does ACME launch?"}, nil)
	return err
}

// setQLatency sets the sandbox's Q Business answer latency (0 clears it).
func (w *benchWorld) setQLatency(d time.Duration) {
	w.t.Helper()
	body := fmt.Sprintf(`{"qbusiness":{"latency":%q}}`, d.String())
	postStatus(w.t, w.sb.HTTPClient(), w.sb.URL+"/sandbox/faults", body, http.StatusOK)
}

func writeFile0600(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}
