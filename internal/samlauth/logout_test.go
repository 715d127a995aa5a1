package samlauth

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// SAML-29 (Single Logout messages) does not apply to this service
// provider, and these tests pin why. It has no Single Logout endpoint: it
// publishes no SP metadata and so no SingleLogoutService, and its only
// inbound endpoint, the ACS, takes a form carrying SAMLResponse and accepts
// nothing but a samlp:Response. It keeps no session tied to the IdP's that
// a LogoutRequest could end: the assertion is relayed once to
// sts:AssumeRoleWithSAML, and what results lives in the token cache until
// it expires or `qbiz logout` removes it. So the case's bad messages (an
// unsigned or wrongly signed LogoutRequest/LogoutResponse) and its valid
// one are all refused alike, by construction: none can complete a sign-in
// or end one.

// logoutMessage is a LogoutRequest or LogoutResponse from the fixture's
// IdP, validly signed by a key its metadata trusts.
func logoutMessage(t *testing.T, f *fixture, tag string) string {
	t.Helper()
	doc := etree.NewDocument()
	root := doc.CreateElement("samlp:" + tag)
	root.CreateAttr("xmlns:samlp", nsProtocol)
	root.CreateAttr("xmlns:saml", nsAssertion)
	root.CreateAttr("ID", "_logout1")
	root.CreateAttr("Version", "2.0")
	root.CreateAttr("IssueInstant", "2026-03-04T10:00:00Z")
	root.CreateAttr("Destination", testACS)
	root.CreateElement("saml:Issuer").SetText(f.idp.EntityID())
	if tag == "LogoutRequest" {
		n := root.CreateElement("saml:NameID")
		n.CreateAttr("Format", nameIDPersistent)
		n.SetText(marySubject(t))
		root.CreateElement("samlp:SessionIndex").SetText("_session1")
	} else {
		root.CreateElement("samlp:Status").CreateElement("samlp:StatusCode").CreateAttr("Value", statusSuccess)
	}
	signWith(t, trustedSigner(t), root, "")
	return docString(t, doc)
}

func TestSAML29_LogoutMessagesRefusedByComplete(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	for _, tag := range []string{"LogoutRequest", "LogoutResponse"} {
		t.Run(tag, func(t *testing.T) {
			req, form, _ := f.genuine("mary")
			wantReject(t, f.sp, req, withXML(form, logoutMessage(t, f, tag)), ErrMalformed)
		})
	}
}

// TestSAML29_LogoutRequestIgnoredByACS: a LogoutRequest posted to the
// loopback ACS (HTTP-POST binding, field SAMLRequest) is answered 400 and
// never handed over as a sign-in.
func TestSAML29_LogoutRequestIgnoredByACS(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	acs, err := ListenACS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer acs.Close()
	acs.Expect("relay-1")
	logout := url.Values{
		"SAMLRequest": {base64.StdEncoding.EncodeToString([]byte(logoutMessage(t, f, "LogoutRequest")))},
		"RelayState":  {"relay-1"},
	}
	req := httptest.NewRequest(http.MethodPost, acs.URL(), strings.NewReader(logout.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	acs.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", rec.Code)
	}
}
