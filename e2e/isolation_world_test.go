package e2e_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
)

// soakEnv is a sandbox with soak users, the gateway under test on a
// loopback port (optionally behind a caching proxy double) and what the
// oracles collect.
type soakEnv struct {
	t     testing.TB
	sb    *sandbox.Sandbox
	info  sandbox.Info
	users []sandbox.SoakUser
	gwURL string // where clients send requests (the proxy, when there is one)
	logs  *syncLog

	clientTransport http.RoundTripper
	requests        atomic.Int64 // every request the clients sent
	cache           *cachingProxy
	closers         []func()

	secrets   secretSet
	violation violations
	nonces    sync.Map // nonce → username of the sender
	sessionOf sync.Map // nonce → the client session (jar) that sent it, where a test names them
}

// soakGateway says how the gateway under test is built.
type soakGateway struct {
	users     int
	tinyPool  bool // one connection toward the sandbox for AWS, two toward the IdPs
	proxy     bool // a caching reverse proxy double in front
	idleLimit time.Duration
	redisURL  string // sessions in this redis-server; empty: the memory store
}

func startSoakEnv(t testing.TB, g soakGateway) *soakEnv {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", SoakUsers: g.users})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	e := &soakEnv{t: t, sb: sb, info: sb.Info(), users: sb.SoakUsers(), logs: &syncLog{}}
	e.closers = append(e.closers, func() { _ = sb.Close() })
	if err := trustGateway(sb); err != nil {
		e.close()
		t.Fatalf("trust the gateway's client: %v", err)
	}
	for _, u := range e.users {
		e.secrets.add(u.Password)
	}
	e.secrets.add(scenario.GatewayClientSecret)
	e.secrets.add(e.info.AdminCredentials.SecretAccessKey)
	if err := e.startGateway(g); err != nil {
		e.close()
		t.Fatal(err)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 5 * time.Second}
	e.clientTransport = countingTransport{&e.requests, tr}
	e.closers = append(e.closers, tr.CloseIdleConnections)
	return e
}

// close stops everything in reverse order of starting.
func (e *soakEnv) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
	e.closers = nil
}

// trustGateway lets the gateway's confidential client assume the OIDC
// application's role, as an administrator adding a gateway would.
func trustGateway(sb *sandbox.Sandbox) error {
	info := sb.Info()
	app, _ := info.App("oidc")
	a := info.AdminCredentials
	cfg := sandboxtest.Config(info.Region, info.Endpoint, sb.HTTPClient(), credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, ""))
	iss := strings.TrimPrefix(info.OIDC.Issuer, "http://")
	trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
{"Effect":"Allow","Principal":{"Federated":%[1]q},"Action":"sts:AssumeRoleWithWebIdentity",
 "Condition":{"StringEquals":{%[2]q:[%[3]q,%[4]q]}}},
{"Effect":"Allow","Principal":{"Federated":%[1]q},"Action":"sts:TagSession",
 "Condition":{"StringLike":{"aws:RequestTag/Email":"*"}}}]}`, app.ProviderARN, iss+":aud", scenario.CLIClientID, scenario.GatewayClientID)
	name := app.RoleARN[strings.LastIndex(app.RoleARN, "/")+1:]
	_, err := iam.NewFromConfig(cfg).UpdateAssumeRolePolicy(context.Background(),
		&iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(name), PolicyDocument: aws.String(trust)})
	return err
}

// startGateway serves the real gateway (memory sessions) on a loopback
// port, with its logs captured for the secret grep.
func (e *soakEnv) startGateway(g soakGateway) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	gwURL := "http://" + ln.Addr().String()
	public := gwURL
	var proxy *cachingProxy
	if g.proxy {
		if proxy, err = newCachingProxy(gwURL); err != nil {
			_ = ln.Close()
			return err
		}
		e.closers = append(e.closers, proxy.close)
		public, e.cache = proxy.url, proxy
	}
	key := make([]byte, session.KeySize)
	_, _ = rand.Read(key)
	sealer, err := session.NewSealer(key)
	if err != nil {
		return err
	}
	idpHTTP, awsHTTP := e.sb.HTTPClient(), e.sb.HTTPClient()
	if g.tinyPool {
		idpHTTP.Transport.(*http.Transport).MaxConnsPerHost = 2
		awsHTTP.Transport.(*http.Transport).MaxConnsPerHost = 1
	}
	e.closers = append(e.closers, idpHTTP.CloseIdleConnections, awsHTTP.CloseIdleConnections)
	store, err := e.sessionStore(g.redisURL)
	if err != nil {
		_ = ln.Close()
		return err
	}
	srv, err := gateway.New(context.Background(), e.gatewayConfig(public, g), gateway.Deps{Store: store, Sealer: sealer,
		HTTP: idpHTTP, Logger: logging.New(e.logs, true, true),
		AWS: aws.Config{Region: e.info.Region, BaseEndpoint: aws.String(e.info.Endpoint), HTTPClient: awsHTTP}})
	if err != nil {
		_ = ln.Close()
		return fmt.Errorf("start gateway: %w", err)
	}
	hs := &httptest.Server{Listener: ln, Config: &http.Server{Handler: srv.Handler()}}
	gateway.Harden(hs.Config)
	hs.Start()
	e.closers = append(e.closers, hs.Close)
	e.gwURL = public
	return nil
}

// sessionStore is the memory store, or the Redis store at redisURL.
func (e *soakEnv) sessionStore(redisURL string) (session.Store, error) {
	if redisURL == "" {
		return session.NewMemoryStore(nil), nil
	}
	c, err := redisstore.NewClient(redisURL)
	if err != nil {
		return nil, err
	}
	e.closers = append(e.closers, func() { _ = c.Close() })
	return redisstore.New(c, "soak:"), nil
}

func (e *soakEnv) gatewayConfig(gwURL string, g soakGateway) config.Gateway {
	oidcApp, _ := e.info.App("oidc")
	samlApp, _ := e.info.App("saml")
	base := config.Profile{Region: e.info.Region, EndpointURL: e.info.Endpoint}
	corp := base
	corp.Mode, corp.Issuer, corp.ClientID, corp.RoleARN, corp.ApplicationID = identity.ModeOIDC, e.info.OIDC.Issuer,
		scenario.GatewayClientID, oidcApp.RoleARN, oidcApp.ApplicationID
	corp.Scopes = []string{"email", "profile", "offline_access"}
	saml := base
	saml.Mode, saml.RoleARN, saml.ProviderARN, saml.ApplicationID = identity.ModeSAML, samlApp.RoleARN, samlApp.ProviderARN, samlApp.ApplicationID
	saml.SAMLSSOURL, saml.SAMLIdPMetadataURL, saml.SAMLEntityID = e.info.SAML.SSOURL, e.info.SAML.MetadataURL, e.info.SAML.SPEntityID
	return config.Gateway{PublicURL: gwURL, IdleTimeout: g.idleLimit, IdPs: []config.GatewayIdP{
		{Name: "corp", Label: "Corp OIDC", Profile: corp, ClientSecret: logging.Secret(scenario.GatewayClientSecret)},
		{Name: "saml", Label: "Corp SAML", Profile: saml},
	}}
}

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// proxy is the caching proxy double, when the run has one.
func (e *soakEnv) proxy() (*cachingProxy, bool) { return e.cache, e.cache != nil }

// syncLog is a log sink safe for concurrent writes.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// secretSet is every secret the run handed out or saw: none may appear in
// the gateway's logs.
type secretSet struct {
	mu sync.Mutex
	m  map[string]bool
}

func (s *secretSet) add(v string) {
	if len(v) < 8 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]bool{}
	}
	s.m[v] = true
}

func (s *secretSet) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.m))
	for v := range s.m {
		out = append(out, v)
	}
	return out
}
