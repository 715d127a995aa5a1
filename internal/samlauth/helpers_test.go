package samlauth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"html"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

var t0 = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

const (
	spEntityID  = "urn:qbiz:sp"
	testACS     = "http://127.0.0.1:4711/saml/acs"
	roleARN     = "arn:aws:iam::123456789012:role/QBusinessUser"
	providerARN = "arn:aws:iam::123456789012:saml-provider/sandbox"
	// mallory's persistent NameID is chosen to contain alice's (SAML-12).
	malloryNameID = "alice@corp.test.mallory.test"
)

// fixture is one sandbox IdP and one SP trusting it, sharing a fake clock
// (idpNow and spNow may be moved apart).
type fixture struct {
	t      testing.TB
	idp    *samlidp.IdP
	srv    *httptest.Server
	sp     *ServiceProvider
	cfg    Config
	mu     sync.Mutex
	idpNow time.Time
	spNow  time.Time
}

func testDirectory() *directory.Directory {
	return directory.New(
		directory.User{Username: "mary", Password: "pw-mary", Email: "mary_major@example.com", Groups: []string{"core-team"}},
		directory.User{Username: "mallory", Password: "pw-mallory", Email: "mallory@mallory.test", Subject: malloryNameID},
	)
}

func newFixture(t testing.TB, policy samlidp.SigningPolicy, mods ...func(*Config)) *fixture {
	t.Helper()
	return newFixtureIdP(t, samlidp.Options{Signing: policy}, mods...)
}

// newFixtureIdP is newFixture with IdP options (Signing, Audience,
// Recipient); the fixture sets the rest.
func newFixtureIdP(t testing.TB, opts samlidp.Options, mods ...func(*Config)) *fixture {
	t.Helper()
	f := &fixture{t: t, idpNow: t0, spNow: t0}
	var h http.Handler = http.NotFoundHandler()
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(f.srv.Close)
	opts.BaseURL, opts.Directory, opts.Now, opts.SessionDuration = f.srv.URL+"/idp/saml", testDirectory(), f.idpClock, time.Hour
	idp, err := samlidp.New(opts)
	if err != nil {
		t.Fatalf("samlidp.New: %v", err)
	}
	h, f.idp = idp, idp
	idp.AddServiceProvider(samlidp.ServiceProvider{
		EntityID: spEntityID, ACSURLs: []string{"http://127.0.0.1/saml/acs"},
		Roles: []samlidp.RolePair{{RoleARN: roleARN, ProviderARN: providerARN}},
	})
	f.cfg = Config{
		EntityID: spEntityID, ACSURL: testACS, IdPMetadata: withTestSigner(t, idp.Metadata()),
		Now: f.spClock, Replay: NewMemoryReplayCacheAt(f.spClock),
	}
	for _, m := range mods {
		m(&f.cfg)
	}
	f.sp = f.newSP(f.cfg)
	return f
}

func (f *fixture) newSP(cfg Config) *ServiceProvider {
	f.t.Helper()
	sp, err := NewServiceProvider(cfg)
	if err != nil {
		f.t.Fatalf("NewServiceProvider: %v", err)
	}
	return sp
}

func (f *fixture) idpClock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.idpNow }
func (f *fixture) spClock() time.Time  { f.mu.Lock(); defer f.mu.Unlock(); return f.spNow }

func (f *fixture) setClocks(idp, sp time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.idpNow, f.spNow = idp, sp
}

// begin starts a sign-in at the fixture's SP.
func (f *fixture) begin() *Request {
	f.t.Helper()
	req, err := f.sp.Begin()
	if err != nil {
		f.t.Fatalf("Begin: %v", err)
	}
	return req
}

// signIn runs a genuine SP-initiated sign-in as user and returns the form
// the browser would post to the ACS.
func (f *fixture) signIn(req *Request, user string) url.Values {
	f.t.Helper()
	acs, form := browse(f.t, req.URL, user, "pw-"+user)
	if acs != f.cfg.ACSURL {
		f.t.Fatalf("auto-post goes to %q, want %q", acs, f.cfg.ACSURL)
	}
	return form
}

// genuine returns a request, its genuine form and the decoded XML.
func (f *fixture) genuine(user string) (*Request, url.Values, string) {
	f.t.Helper()
	req := f.begin()
	form := f.signIn(req, user)
	raw, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	if err != nil {
		f.t.Fatal(err)
	}
	return req, form, string(raw)
}

// withXML returns form with SAMLResponse replaced by doc.
func withXML(form url.Values, doc string) url.Values {
	out := url.Values{"RelayState": form["RelayState"]}
	out.Set("SAMLResponse", base64.StdEncoding.EncodeToString([]byte(doc)))
	return out
}

// --- a tiny browser ---

var (
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	actionRE = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
)

// browse GETs the SSO URL, submits the login form and parses the
// auto-submitting response page: it returns the form action and fields.
func browse(t testing.TB, ssoURL, user, pass string) (string, url.Values) {
	t.Helper()
	page := httpGet(t, ssoURL)
	fields := hiddenFields(page)
	fields.Set("username", user)
	fields.Set("password", pass)
	base, _ := url.Parse(ssoURL)
	action, _ := base.Parse(formAction(t, page))
	post := httpPost(t, action.String(), fields)
	return formAction(t, post), hiddenFields(post)
}

func httpGet(t testing.TB, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	return readBody(t, resp)
}

func httpPost(t testing.TB, u string, form url.Values) string {
	t.Helper()
	resp, err := http.PostForm(u, form)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	return readBody(t, resp)
}

func readBody(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", resp.Request.URL.Path, resp.StatusCode, b)
	}
	return string(b)
}

func hiddenFields(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

func formAction(t testing.TB, body string) string {
	t.Helper()
	m := actionRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form in page: %s", body)
	}
	return html.UnescapeString(m[1])
}

// --- signing keys for forgeries ---

// signer is a key pair and self-signed certificate.
type signer struct {
	key  *rsa.PrivateKey
	cert *x509.Certificate
}

var (
	trustedOnce, untrustedOnce sync.Once
	trusted, untrusted         *signer
)

// trustedSigner is a second key published in the fixture metadata (a key
// rollover), so tests can build validly signed responses with any content.
func trustedSigner(t testing.TB) *signer {
	trustedOnce.Do(func() { trusted = newSigner(t, "trusted test signer") })
	return trusted
}

// attackerSigner is a key nobody trusts.
func attackerSigner(t testing.TB) *signer {
	untrustedOnce.Do(func() { untrusted = newSigner(t, "attacker") })
	return untrusted
}

func newSigner(t testing.TB, cn string) *signer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: t0.Add(-24 * time.Hour), NotAfter: t0.AddDate(1, 0, 0),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &signer{key: key, cert: cert}
}

// withTestSigner adds the trusted test signer's certificate to metadata.
func withTestSigner(t testing.TB, md []byte) []byte {
	cert := base64.StdEncoding.EncodeToString(trustedSigner(t).cert.Raw)
	kd := `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>` + cert +
		`</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
	out := strings.Replace(string(md), "<md:NameIDFormat>", kd+"<md:NameIDFormat>", 1)
	if out == string(md) {
		t.Fatal("metadata has no NameIDFormat to anchor the extra key")
	}
	return []byte(out)
}

// --- XML surgery ---

func parseDoc(t *testing.T, s string) *etree.Document {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromString(s); err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func docString(t *testing.T, doc *etree.Document) string {
	t.Helper()
	s, err := doc.WriteToString()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// edit parses s, applies fn to the root and serialises the result.
func edit(t *testing.T, s string, fn func(root *etree.Element)) string {
	t.Helper()
	doc := parseDoc(t, s)
	fn(doc.Root())
	return docString(t, doc)
}

func assertionOf(root *etree.Element) *etree.Element { return root.SelectElement("Assertion") }

func find(el *etree.Element, path string) *etree.Element {
	found := el.FindElement(path)
	if found == nil {
		panic("no element at " + path)
	}
	return found
}

func removeSignatures(el *etree.Element) {
	for _, c := range el.ChildElements() {
		if c.Tag == "Signature" {
			el.RemoveChild(c)
			continue
		}
		removeSignatures(c)
	}
}

// signWith signs el (by its ID) with s, placing the signature after Issuer.
func signWith(t *testing.T, s *signer, el *etree.Element, method string) {
	t.Helper()
	ctx, err := dsig.NewSigningContext(s.key, [][]byte{s.cert.Raw})
	if err != nil {
		t.Fatal(err)
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if method == "" {
		method = dsig.RSASHA256SignatureMethod
	}
	if err := ctx.SetSignatureMethod(method); err != nil {
		t.Fatal(err)
	}
	detached := el
	if el.Parent() != nil {
		detached = detachCopy(el)
	}
	sig, err := ctx.ConstructSignature(detached, true)
	if err != nil {
		t.Fatal(err)
	}
	idx := 0
	if iss := el.SelectElement("Issuer"); iss != nil {
		idx = iss.Index() + 1
	}
	el.InsertChildAt(idx, sig)
}

// detachCopy copies el with the namespace declarations it inherits.
func detachCopy(el *etree.Element) *etree.Element {
	c := el.Copy()
	for p := el.Parent(); p != nil; p = p.Parent() {
		for _, a := range p.Attr {
			if (a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns")) && c.SelectAttr(a.FullKey()) == nil {
				c.CreateAttr(a.FullKey(), a.Value)
			}
		}
	}
	return c
}

// resign strips every signature, applies fn, and signs the assertion (and
// the response when both is set) with s.
func resign(t *testing.T, s *signer, xml string, both bool, fn func(root *etree.Element)) string {
	t.Helper()
	return edit(t, xml, func(root *etree.Element) {
		removeSignatures(root)
		fn(root)
		signWith(t, s, assertionOf(root), "")
		if both {
			signWith(t, s, root, "")
		}
	})
}

// wantReject asserts Complete fails with ErrInvalidResponse and kind, and
// that the error text carries no response content.
func wantReject(t *testing.T, sp *ServiceProvider, req *Request, form url.Values, kind error) {
	t.Helper()
	res, err := sp.Complete(req, form)
	if err == nil {
		t.Fatalf("accepted (subject %q), want %v", res.Identity.Subject, kind)
	}
	if !errors.Is(err, ErrInvalidResponse) || (kind != nil && !errors.Is(err, kind)) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	if leaks(err.Error(), form.Get("SAMLResponse")) {
		t.Fatalf("error leaks response content: %v", err)
	}
}

// wantAccept asserts Complete succeeds for subject.
func wantAccept(t *testing.T, sp *ServiceProvider, req *Request, form url.Values, subject string) *Result {
	t.Helper()
	res, err := sp.Complete(req, form)
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if res.Identity.Subject != subject {
		t.Fatalf("subject = %q, want %q", res.Identity.Subject, subject)
	}
	return res
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

// canary counts requests; tests assert that nothing was fetched.
type canary struct {
	*httptest.Server
	hits atomic.Int64
}

func canaryServer(t *testing.T) *canary {
	c := &canary{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { c.hits.Add(1) }))
	t.Cleanup(c.Close)
	return c
}

// leaks reports whether an error message carries alice or response text.
func leaks(msg, encoded string) bool {
	if strings.Contains(msg, "alice") {
		return true
	}
	return len(encoded) >= 16 && strings.Contains(msg, encoded[:16])
}

// setRootAttr sets an attribute of the (unsigned) Response element, leaving
// every other byte as it was.
func setRootAttr(xml, key, value string) string {
	start := strings.Index(xml, "<samlp:Response ")
	end := start + strings.IndexByte(xml[start:], '>')
	head := xml[start:end]
	i := strings.Index(head, " "+key+`="`)
	if i < 0 {
		panic("the Response has no " + key)
	}
	j := i + len(key) + 3
	k := j + strings.IndexByte(head[j:], '"')
	return xml[:start] + head[:j] + value + head[k:] + xml[end:]
}
