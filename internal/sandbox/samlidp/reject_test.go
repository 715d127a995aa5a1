package samlidp

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

const doctypeRequest = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "urn:amazon:webservices">]>` +
	`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
	`ID="_d" Version="2.0" IssueInstant="2026-03-04T10:00:00Z"><saml:Issuer>&x;</saml:Issuer></samlp:AuthnRequest>`

// rejectCases are requests that must end on an error page. Each is sent
// on the Redirect binding (deflated) and on the POST binding.
var rejectCases = []struct{ name, xml string }{
	{"unknown SP", authnRequest("_a", "urn:evil", DefaultAudience, "")},
	{"unregistered ACS", authnRequest("_a", awsSP, "https://evil.example.com/saml", "")},
	{"ACS of another SP", authnRequest("_a", awsSP, "https://app.example.com/acs", "")},
	{"loopback other path", authnRequest("_a", appSP, "http://127.0.0.1:9/evil", "")},
	{"loopback https", authnRequest("_a", appSP, "https://127.0.0.1:9/saml/acs", "")},
	{"loopback localhost", authnRequest("_a", appSP, "http://localhost:9/saml/acs", "")},
	{"loopback userinfo", authnRequest("_a", appSP, "http://x@127.0.0.1:9/saml/acs", "")},
	{"loopback extra query", authnRequest("_a", appSP, "http://127.0.0.1:9/saml/acs?x=1", "")},
	{"exact ACS with fragment", authnRequest("_a", appSP, "https://app.example.com/acs#f", "")},
	{"DOCTYPE", doctypeRequest},
	{"garbage", "this is not XML"},
	{"empty", ""},
	{"missing ID", authnRequest("", awsSP, DefaultAudience, "")},
	{"bad ID", authnRequest("1abc", awsSP, DefaultAudience, "")},
	{"wrong version", strings.Replace(authnRequest("_a", awsSP, "", ""), `Version="2.0"`, `Version="1.1"`, 1)},
	{"missing IssueInstant", strings.Replace(authnRequest("_a", awsSP, "", ""), `IssueInstant="2026-03-04T10:00:00Z"`, ``, 1)},
	{"wrong root namespace", strings.Replace(authnRequest("_a", awsSP, "", ""), `xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"`, `xmlns:samlp="urn:evil"`, 1)},
	{"issuer in foreign namespace", strings.Replace(authnRequest("_a", awsSP, "", ""), `<saml:Issuer>`, `<saml:Issuer xmlns:saml="urn:evil">`, 1)},
	{"two issuers", strings.Replace(authnRequest("_a", awsSP, "", ""), `<samlp:NameIDPolicy`, `<saml:Issuer>urn:evil</saml:Issuer><samlp:NameIDPolicy`, 1)},
	{"duplicate attribute via prefix", authnRequest("_a", awsSP, "", ` xmlns:x="urn:x" x:ID="_b"`)},
	{"ACS URL and index", authnRequest("_a", awsSP, DefaultAudience, ` AssertionConsumerServiceIndex="0"`)},
	{"ACS index out of range", authnRequest("_a", awsSP, "", ` AssertionConsumerServiceIndex="5"`)},
	{"wrong Destination", authnRequest("_a", awsSP, "", ` Destination="https://other.example.com/sso"`)},
	{"artifact binding", strings.Replace(authnRequest("_a", awsSP, "", ""), `bindings:HTTP-POST`, `bindings:HTTP-Artifact`, 1)},
	{"processing instruction", `<?xml-stylesheet href="x"?>` + authnRequest("_a", awsSP, "", "")},
	{"latin-1 declaration", `<?xml version="1.0" encoding="ISO-8859-1"?>` + authnRequest("_a", awsSP, "", "")},
	{"two roots", authnRequest("_a", awsSP, "", "") + authnRequest("_b", awsSP, "", "")},
	{"deep nesting", strings.Replace(authnRequest("_a", awsSP, "", ""), `<samlp:NameIDPolicy`, strings.Repeat("<x>", 40)+strings.Repeat("</x>", 40)+`<samlp:NameIDPolicy`, 1)},
	{"oversized", strings.Replace(authnRequest("_a", awsSP, "", ""), `<samlp:NameIDPolicy`, "<!--"+strings.Repeat("a", maxRequestXML)+"-->"+`<samlp:NameIDPolicy`, 1)},
	{"not UTF-8", authnRequest("_a", awsSP, "", ` Consent="`+"\xff"+`"`)},
}

func TestRejectedRequests(t *testing.T) {
	h := newHarness(t, SignAssertion)
	for _, tc := range rejectCases {
		t.Run("redirect/"+tc.name, func(t *testing.T) {
			expectRejected(t, h.redirect(deflateB64(tc.xml), "r"))
		})
		t.Run("post/"+tc.name, func(t *testing.T) {
			expectRejected(t, h.postRequest(b64(tc.xml), "r"))
		})
	}
}

func expectRejected(t *testing.T, p page) {
	t.Helper()
	if p.status != http.StatusBadRequest {
		t.Errorf("status %d, want 400: %s", p.status, p.body)
	}
	assertNoPost(t, p)
	t.Log(alertText(p.body))
}

func TestRejectedTransport(t *testing.T) {
	h := newHarness(t, SignAssertion)
	ok := authnRequest("_a", awsSP, "", "")
	sso := h.idp.SSOURL()
	cases := []struct {
		name string
		send func() page
	}{
		{"redirect not base64", func() page { return h.redirect("%%%", "") }},
		{"redirect not deflate", func() page { return h.redirect(b64(ok), "") }},
		{"redirect deflate bomb", func() page { return h.redirect(deflateB64(strings.Repeat(" ", 10<<20)), "") }},
		{"redirect missing SAMLRequest", func() page { return h.do(mustGet(t, sso)) }},
		{"redirect two SAMLRequests", func() page {
			return h.do(mustGet(t, sso+"?SAMLRequest="+url.QueryEscape(deflateB64(ok))+"&SAMLRequest=x"))
		}},
		{"redirect long RelayState", func() page { return h.redirect(deflateB64(ok), strings.Repeat("r", 81)) }},
		{"redirect oversized parameter", func() page { return h.redirect(strings.Repeat("A", maxEncodedRequest+4), "") }},
		{"post not base64", func() page { return h.postRequest("!!!", "") }},
		{"post oversized body", func() page { return h.postRequest(b64(strings.Repeat("a", 200<<10)), "") }},
		{"post wrong content type", func() page {
			req, _ := http.NewRequest(http.MethodPost, sso, strings.NewReader("SAMLRequest="+url.QueryEscape(b64(ok))))
			req.Header.Set("Content-Type", "text/plain")
			return h.do(req)
		}},
		{"post request in query only", func() page {
			return h.post(sso+"?SAMLRequest="+url.QueryEscape(b64(ok)), url.Values{"x": {"y"}})
		}},
		{"idp-initiated unknown sp", func() page { return h.do(mustGet(t, sso+"?sp=urn:evil")) }},
		{"login unknown pending", func() page {
			return h.post(h.srv.URL+"/idp/saml/login", url.Values{pendingField: {"nope"}, "username": {"mary"}, "password": {"pw-mary"}})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { expectRejected(t, tc.send()) })
	}
}

func TestMethodsAndPaths(t *testing.T) {
	h := newHarness(t, SignAssertion)
	cases := []struct {
		method, path string
		want         int
	}{
		{http.MethodPost, "/idp/saml/metadata", http.StatusMethodNotAllowed},
		{http.MethodHead, "/idp/saml/metadata", http.StatusOK},
		{http.MethodPut, "/idp/saml/sso", http.StatusMethodNotAllowed},
		{http.MethodGet, "/idp/saml/login", http.StatusMethodNotAllowed},
		{http.MethodGet, "/idp/saml/nope", http.StatusNotFound},
		{http.MethodGet, "/metadata", http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, h.srv.URL+tc.path, nil)
			if got := h.do(req).status; got != tc.want {
				t.Errorf("status %d, want %d", got, tc.want)
			}
		})
	}
}

func alertText(body string) string {
	_, after, _ := strings.Cut(body, `<p role="alert">`)
	msg, _, _ := strings.Cut(after, "</p>")
	return msg
}
