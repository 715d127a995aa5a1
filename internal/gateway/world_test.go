package gateway_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
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
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
)

// world is a sandbox and a gateway configured for its three
// applications: "corp" (OIDC), "saml" and "idc".
type world struct {
	t      *testing.T
	sb     *sandbox.Sandbox
	info   sandbox.Info
	store  session.Store
	sealer *session.Sealer
	srv    *gateway.Server
	url    string // the gateway's public URL
	logs   *syncBuffer
}

// sharedSandbox is started once for the package's tests, with the OIDC
// role trusting the gateway's client as well as the CLI's.
var sharedSandbox = sync.OnceValues(func() (*sandbox.Sandbox, error) {
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		return nil, err
	}
	return sb, trustGatewayClient(sb)
})

// trustGatewayClient lets the gateway's confidential client assume the
// OIDC application's role, as an administrator adding a gateway would.
func trustGatewayClient(sb *sandbox.Sandbox) error {
	info := sb.Info()
	app, _ := info.App("oidc")
	a := info.AdminCredentials
	cfg := sandboxtest.Config(info.Region, info.Endpoint, sb.HTTPClient(),
		credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, ""))
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

func startWorld(t *testing.T) *world {
	t.Helper()
	sb, err := sharedSandbox()
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	key := make([]byte, session.KeySize)
	_, _ = rand.Read(key)
	sealer, err := session.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	return startGateway(t, sb, session.NewMemoryStore(nil), sealer)
}

// startGateway serves a gateway over store on a loopback port; opts
// change its configuration and dependencies.
func startGateway(t *testing.T, sb *sandbox.Sandbox, store session.Store, sealer *session.Sealer,
	opts ...func(*config.Gateway, *gateway.Deps)) *world {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, sb: sb, info: sb.Info(), store: store, sealer: sealer, url: "http://" + ln.Addr().String(), logs: &syncBuffer{}}
	hc := &http.Client{Timeout: 30 * time.Second}
	log := logging.New(w.logs, true, true)
	cfg, deps := w.config(), gateway.Deps{Store: store, Sealer: sealer, HTTP: hc, Logger: log,
		AWS:       aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: sb.HTTPClient()},
		AppConfig: w.appConfig}
	for _, o := range opts {
		o(&cfg, &deps)
	}
	srv, err := gateway.New(t.Context(), cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	hs := &httptest.Server{Listener: ln, Config: &http.Server{Handler: srv.Handler()}}
	gateway.Harden(hs.Config)
	hs.Start()
	t.Cleanup(hs.Close)
	w.srv = srv
	return w
}

func (w *world) config() config.Gateway {
	w.t.Helper()
	oidcApp, _ := w.info.App("oidc")
	samlApp, _ := w.info.App("saml")
	idcApp, _ := w.info.App("idc")
	base := config.Profile{Region: w.info.Region, EndpointURL: w.info.Endpoint}
	corp := base
	corp.Mode, corp.Issuer, corp.ClientID, corp.RoleARN, corp.ApplicationID = identity.ModeOIDC, w.info.OIDC.Issuer,
		scenario.GatewayClientID, oidcApp.RoleARN, oidcApp.ApplicationID
	corp.Scopes = []string{"email", "profile", "offline_access"}
	saml := base
	saml.Mode, saml.RoleARN, saml.ProviderARN, saml.ApplicationID = identity.ModeSAML, samlApp.RoleARN, samlApp.ProviderARN,
		samlApp.ApplicationID
	saml.SAMLSSOURL, saml.SAMLIdPMetadataURL, saml.SAMLEntityID = w.info.SAML.SSOURL, w.info.SAML.MetadataURL, w.info.SAML.SPEntityID
	idc := base
	idc.Mode, idc.Issuer, idc.ClientID, idc.ApplicationID = identity.ModeIDC, w.info.OIDC.Issuer, scenario.GatewayClientID,
		idcApp.ApplicationID
	idc.IDCRoleARN, idc.IDCApplicationARN = idcApp.RoleARN, idcApp.IDCApplicationARN
	idc.Scopes = []string{"email", "profile", "offline_access"}
	secret := logging.Secret(scenario.GatewayClientSecret)
	return config.Gateway{PublicURL: w.url, IdPs: []config.GatewayIdP{
		{Name: "corp", Label: "Corp OIDC", Profile: corp, ClientSecret: secret},
		{Name: "saml", Label: "Corp SAML", Profile: saml},
		{Name: "idc", Label: "Identity Center", Profile: idc, ClientSecret: secret},
	}}
}

// appConfig is the Identity Center application's own configuration: the
// sandbox administrator's keys.
func (w *world) appConfig(context.Context) (aws.Config, error) {
	a := w.info.AdminCredentials
	return aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: w.sb.HTTPClient(),
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")}, nil
}

// stsCalls counts the STS calls the sandbox served.
func (w *world) stsCalls() int {
	return w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Service == "sts" })
}

// browser is a cookie jar that follows nothing by itself, so every
// response (and every Set-Cookie) of the gateway can be looked at.
type browser struct {
	t       *testing.T
	w       *world
	hc      *http.Client
	mu      sync.Mutex
	cookies []string // every Set-Cookie the gateway sent
}

func (w *world) browser() *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{t: w.t, w: w}
	b.hc = &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: recordCookies{b, http.DefaultTransport},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return b
}

type recordCookies struct {
	b    *browser
	next http.RoundTripper
}

func (rc recordCookies) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := rc.next.RoundTrip(r)
	if err == nil && strings.HasPrefix(r.URL.String(), rc.b.w.url) {
		rc.b.mu.Lock()
		rc.b.cookies = append(rc.b.cookies, resp.Header.Values("Set-Cookie")...)
		rc.b.mu.Unlock()
	}
	return resp, err
}

// page is a response read in full.
type page struct {
	status int
	header http.Header
	body   string
	url    *url.URL
}

func (p page) location() string { return p.header.Get("Location") }

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return page{status: resp.StatusCode, header: resp.Header, body: string(body), url: req.URL}
}

func (b *browser) get(target string) page {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), http.MethodGet, target, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends form as a browser submitting it from origin would.
func (b *browser) postForm(target, origin string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return b.do(req)
}

// api sends a same-origin JSON request with the page's CSRF token.
func (b *browser) api(method, path, body, csrf string) page {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), method, b.w.url+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Origin", b.w.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	return b.do(req)
}

// idpLogin fills the sandbox IdP's login form on p as user.
func (b *browser) idpLogin(p page, user string) page {
	b.t.Helper()
	if p.status != http.StatusOK {
		b.t.Fatalf("IdP login form: %d %.300s", p.status, p.body)
	}
	u, ok := b.w.info.User(user)
	if !ok {
		b.t.Fatalf("no sandbox user %s", user)
	}
	f, err := sandboxtest.ParseForm(p.url, []byte(p.body))
	if err != nil {
		b.t.Fatal(err)
	}
	f.Fields.Set("username", u.Username)
	f.Fields.Set("password", u.Password)
	return b.postForm(f.Action, "", f.Fields)
}

// startLogin asks the gateway to sign in at idp and follows it to the
// IdP's login form.
func (b *browser) startLogin(idp, ret string) page {
	b.t.Helper()
	q := url.Values{"idp": {idp}}
	if ret != "" {
		q.Set("return", ret)
	}
	p := b.get(b.w.url + "/login?" + q.Encode())
	if p.status != http.StatusSeeOther {
		b.t.Fatalf("/login: %d %.300s", p.status, p.body)
	}
	return b.get(p.location())
}

// oidcCallback signs user in at the IdP and returns the gateway callback
// URL the IdP redirects to, not yet followed.
func (b *browser) oidcCallback(idp, user, ret string) string {
	b.t.Helper()
	p := b.idpLogin(b.startLogin(idp, ret), user)
	if p.status != http.StatusFound && p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), b.w.url+"/callback?") {
		b.t.Fatalf("IdP answer: %d to %q %.300s", p.status, p.location(), p.body)
	}
	return p.location()
}

// signInOIDC runs the whole OIDC sign-in as user and returns the CSRF
// token of the chat page it lands on.
func (b *browser) signInOIDC(idp, user string) string {
	b.t.Helper()
	p := b.get(b.oidcCallback(idp, user, ""))
	if p.status != http.StatusSeeOther || p.location() != "/" {
		b.t.Fatalf("callback: %d to %q: %.300s", p.status, p.location(), p.body)
	}
	return b.home()
}

// home loads / and returns its CSRF token ("" when signed out).
func (b *browser) home() string {
	b.t.Helper()
	p := b.get(b.w.url + "/")
	if p.status != http.StatusOK {
		b.t.Fatalf("/: %d", p.status)
	}
	const meta = `<meta name="csrf-token" content="`
	i := strings.Index(p.body, meta)
	if i < 0 {
		return ""
	}
	rest := p.body[i+len(meta):]
	return rest[:strings.IndexByte(rest, '"')]
}

// samlResponse signs user in at the SAML IdP and returns the auto-post
// form the IdP hands the browser, not yet posted.
func (b *browser) samlResponse(user, ret string) sandboxtest.Form {
	b.t.Helper()
	p := b.idpLogin(b.startLogin("saml", ret), user)
	if p.status != http.StatusOK {
		b.t.Fatalf("SAML IdP answer: %d %.300s", p.status, p.body)
	}
	f, err := sandboxtest.ParseForm(p.url, []byte(p.body))
	if err != nil {
		b.t.Fatal(err)
	}
	if f.Action != b.w.url+"/saml/acs" || f.Fields.Get("SAMLResponse") == "" {
		b.t.Fatalf("auto-post form to %q", f.Action)
	}
	return f
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.w.url)
	for _, c := range b.hc.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (b *browser) setCookie(name, value string) {
	u, _ := url.Parse(b.w.url)
	b.hc.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/", Secure: true}})
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
