package samlidp

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

var t0 = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

const (
	awsSP       = "urn:amazon:webservices"
	appSP       = "urn:qbiz:test-app"
	marysRole   = "arn:aws:iam::123456789012:role/QBusinessUser"
	marysIdP    = "arn:aws:iam::123456789012:saml-provider/sandbox"
	otherRole   = "arn:aws:iam::123456789012:role/Other"
	appLoopback = "http://127.0.0.1/saml/acs"
)

type harness struct {
	t   *testing.T
	idp *IdP
	srv *httptest.Server
}

func testDirectory() *directory.Directory {
	return directory.New(directory.User{
		Username: "mary", Password: "pw-mary", Email: "mary_major@example.com",
		Groups: []string{"core-team", "everyone"},
	})
}

// newHarness serves an IdP under /idp/saml of an httptest server.
func newHarness(t *testing.T, policy SigningPolicy, mod ...func(*Options)) *harness {
	t.Helper()
	var h http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	opts := Options{
		BaseURL: srv.URL + "/idp/saml", Directory: testDirectory(), Signing: policy,
		Now: func() time.Time { return t0 }, SessionDuration: time.Hour,
	}
	for _, m := range mod {
		m(&opts)
	}
	idp, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h = idp
	idp.AddServiceProvider(ServiceProvider{
		EntityID: awsSP, ACSURLs: []string{DefaultAudience},
		Roles: []RolePair{{marysRole, marysIdP}, {otherRole, marysIdP}},
	})
	idp.AddServiceProvider(ServiceProvider{
		EntityID: appSP, ACSURLs: []string{appLoopback, "https://app.example.com/acs"},
		Roles: []RolePair{{marysRole, marysIdP}},
	})
	return &harness{t: t, idp: idp, srv: srv}
}

// authnRequest renders an AuthnRequest; attrs are extra raw attributes.
func authnRequest(id, issuer, acs, attrs string) string {
	acsAttr := ""
	if acs != "" {
		acsAttr = fmt.Sprintf(` AssertionConsumerServiceURL="%s"`, acs)
	}
	return fmt.Sprintf(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" `+
		`xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="%s" Version="2.0" `+
		`IssueInstant="2026-03-04T10:00:00Z" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"%s%s>`+
		`<saml:Issuer>%s</saml:Issuer>`+
		`<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" AllowCreate="true"/>`+
		`</samlp:AuthnRequest>`, id, acsAttr, attrs, issuer)
}

func deflateB64(s string) string {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func (h *harness) client() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (h *harness) do(req *http.Request) page {
	h.t.Helper()
	resp, err := h.client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// redirect sends SAMLRequest (already encoded) on the HTTP-Redirect binding.
func (h *harness) redirect(encoded, relay string) page {
	q := url.Values{"SAMLRequest": {encoded}}
	if relay != "" {
		q.Set("RelayState", relay)
	}
	req, _ := http.NewRequest(http.MethodGet, h.idp.SSOURL()+"?"+q.Encode(), nil)
	return h.do(req)
}

// post sends form values to path on the IdP.
func (h *harness) post(target string, form url.Values) page {
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return h.do(req)
}

func (h *harness) postRequest(encoded, relay string) page {
	form := url.Values{"SAMLRequest": {encoded}}
	if relay != "" {
		form.Set("RelayState", relay)
	}
	return h.post(h.idp.SSOURL(), form)
}

func (h *harness) login(p page, user, pass string) page {
	h.t.Helper()
	pending := hidden(p.body, pendingField)
	if pending == "" {
		h.t.Fatalf("login form has no pending field (status %d): %s", p.status, p.body)
	}
	return h.post(h.srv.URL+formAction(p.body), url.Values{pendingField: {pending}, "username": {user}, "password": {pass}})
}

var (
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	actionRE = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
)

func hidden(body, name string) string {
	for _, m := range hiddenRE.FindAllStringSubmatch(body, -1) {
		if m[1] == name {
			return html.UnescapeString(m[2])
		}
	}
	return ""
}

func formAction(body string) string {
	m := actionRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// responseXML decodes the SAMLResponse of an auto-post page.
func responseXML(t *testing.T, p page) []byte {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(hidden(p.body, "SAMLResponse"))
	if err != nil || len(raw) == 0 {
		t.Fatalf("no SAMLResponse in page (status %d): %s", p.status, p.body)
	}
	return raw
}

// assertNoPost fails when a page would send a SAMLResponse anywhere.
func assertNoPost(t *testing.T, p page) {
	t.Helper()
	if strings.Contains(p.body, "SAMLResponse") || strings.Contains(p.body, "<form") {
		t.Fatalf("rejected request produced a form: %s", p.body)
	}
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := xml.Unmarshal(b, v); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
}

func mustGet(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
