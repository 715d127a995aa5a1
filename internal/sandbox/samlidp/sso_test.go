package samlidp

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/russellhaering/gosaml2/types"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

type flowCase struct {
	name    string
	binding string // "redirect" or "post"
	sp      string
	acs     string // requested ACS ("" = SP default)
	wantACS string
}

var flowCases = []flowCase{
	{"redirect/aws", "redirect", awsSP, DefaultAudience, DefaultAudience},
	{"post/aws", "post", awsSP, DefaultAudience, DefaultAudience},
	{"redirect/aws default acs", "redirect", awsSP, "", DefaultAudience},
	{"redirect/loopback any port", "redirect", appSP, "http://127.0.0.1:54321/saml/acs", "http://127.0.0.1:54321/saml/acs"},
	{"post/loopback any port", "post", appSP, "http://127.0.0.1:8080/saml/acs", "http://127.0.0.1:8080/saml/acs"},
	{"post/exact https", "post", appSP, "https://app.example.com/acs", "https://app.example.com/acs"},
}

var policies = []struct {
	name   string
	policy SigningPolicy
}{{"assertion", SignAssertion}, {"response", SignResponse}, {"both", SignBoth}}

func TestSignInFlows(t *testing.T) {
	for _, pol := range policies {
		for _, tc := range flowCases {
			t.Run(pol.name+"/"+tc.name, func(t *testing.T) {
				h := newHarness(t, pol.policy)
				p := h.start(tc, "relay-1")
				if p.status != 200 || hidden(p.body, "SAMLResponse") != "" {
					t.Fatalf("start: status %d", p.status)
				}
				if bad := h.login(p, "mary", "wrong"); bad.status != 401 || strings.Contains(bad.body, "SAMLResponse") {
					t.Fatalf("wrong password: status %d", bad.status)
				}
				done := h.login(p, "mary", "pw-mary")
				checkAutoPost(t, done, tc.wantACS, "relay-1")
				raw := responseXML(t, done)
				v := newVerifier(t, h)
				v.checkSignatures(t, raw, pol.policy)
				checkResponseFields(t, h, raw, tc.wantACS, "_req-1")
				if tc.wantACS == DefaultAudience {
					checkWithGosaml2(t, v, hidden(done.body, "SAMLResponse"), pol.policy)
				}
				if again := h.login(p, "mary", "pw-mary"); again.status != 400 {
					t.Errorf("replayed login: status %d, want 400", again.status)
				}
			})
		}
	}
}

func (h *harness) start(tc flowCase, relay string) page {
	req := authnRequest("_req-1", tc.sp, tc.acs, "")
	if tc.binding == "post" {
		return h.postRequest(base64.StdEncoding.EncodeToString([]byte(req)), relay)
	}
	return h.redirect(deflateB64(req), relay)
}

func checkAutoPost(t *testing.T, p page, acs, relay string) {
	t.Helper()
	if p.status != 200 {
		t.Fatalf("login: status %d: %s", p.status, p.body)
	}
	if got := formAction(p.body); got != acs {
		t.Errorf("form action = %q, want %q", got, acs)
	}
	if got := hidden(p.body, "RelayState"); got != relay {
		t.Errorf("RelayState = %q, want %q", got, relay)
	}
	csp := p.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'nonce-") || !strings.Contains(csp, "form-action ") {
		t.Errorf("CSP = %q", csp)
	}
}

// checkResponseFields reads the response as gosaml2's types see it.
func checkResponseFields(t *testing.T, h *harness, raw []byte, acs, inResponseTo string) {
	t.Helper()
	var r types.Response
	mustUnmarshal(t, raw, &r)
	a := r.Assertions[0]
	scd := a.Subject.SubjectConfirmation.SubjectConfirmationData
	checks := []struct{ name, got, want string }{
		{"Destination", r.Destination, acs},
		{"InResponseTo", r.InResponseTo, inResponseTo},
		{"Issuer", r.Issuer.Value, h.idp.EntityID()},
		{"Status", r.Status.StatusCode.Value, statusSuccess},
		{"Assertion Issuer", a.Issuer.Value, h.idp.EntityID()},
		{"NameID", a.Subject.NameID.Value, mustUser(t, h, "mary").Subject},
		{"NameID Format", nameIDFormat(t, raw), nameIDPersistent},
		{"Method", a.Subject.SubjectConfirmation.Method, cmBearer},
		{"Recipient", scd.Recipient, DefaultAudience},
		{"SCD InResponseTo", scd.InResponseTo, inResponseTo},
		{"SCD NotOnOrAfter", scd.NotOnOrAfter, "2026-03-04T10:05:00.000Z"},
		{"NotBefore", a.Conditions.NotBefore, "2026-03-04T10:00:00.000Z"},
		{"Audience", a.Conditions.AudienceRestrictions[0].Audiences[0].Value, DefaultAudience},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if a.AuthnStatement == nil || a.AuthnStatement.AuthnInstant == nil {
		t.Error("AuthnStatement missing")
	}
}

func mustUser(t *testing.T, h *harness, name string) directory.User {
	t.Helper()
	user, ok := h.idp.opts.Directory.Lookup(name)
	if !ok {
		t.Fatalf("user %s missing", name)
	}
	return user
}

func nameIDFormat(t *testing.T, raw []byte) string {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		t.Fatal(err)
	}
	return doc.FindElement("//Subject/NameID").SelectAttrValue("Format", "")
}

// checkWithGosaml2 runs gosaml2's full validation (signature, issuer,
// Destination, Recipient, audience, times) and reads the attributes back.
func checkWithGosaml2(t *testing.T, v verifier, encoded string, policy SigningPolicy) {
	t.Helper()
	info, err := v.serviceProvider(DefaultAudience).RetrieveAssertionInfo(encoded)
	if err != nil {
		t.Fatalf("gosaml2: %v", err)
	}
	if info.WarningInfo.NotInAudience || info.WarningInfo.InvalidTime {
		t.Errorf("gosaml2 warnings: %+v", info.WarningInfo)
	}
	if want := policy != SignAssertion; info.ResponseSignatureValidated != want {
		t.Errorf("ResponseSignatureValidated = %v, want %v", info.ResponseSignatureValidated, want)
	}
	want := map[string][]string{
		AttrRole:            {marysRole + "," + marysIdP, otherRole + "," + marysIdP},
		AttrRoleSessionName: {"mary_major@example.com"},
		AttrEmailTag:        {"mary_major@example.com"},
		AttrSessionDuration: {"3600"},
		AttrGroups:          {"core-team", "everyone"},
	}
	for name, vals := range want {
		var got []string
		for _, av := range info.Values[name].Values {
			got = append(got, av.Value)
		}
		if !slices.Equal(got, vals) {
			t.Errorf("attribute %s = %q, want %q", name, got, vals)
		}
	}
	checkTamperRejected(t, v, encoded)
}

// checkTamperRejected changes the Role attribute and expects gosaml2 to
// refuse the response.
func checkTamperRejected(t *testing.T, v verifier, encoded string) {
	t.Helper()
	raw, _ := base64.StdEncoding.DecodeString(encoded)
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		t.Fatal(err)
	}
	av := doc.FindElement("//AttributeValue")
	av.SetText("arn:aws:iam::123456789012:role/Admin," + marysIdP)
	out, _ := doc.WriteToBytes()
	if _, err := v.serviceProvider(DefaultAudience).RetrieveAssertionInfo(base64.StdEncoding.EncodeToString(out)); err == nil {
		t.Error("tampered response accepted")
	}
}

func TestIdPInitiated(t *testing.T) {
	h := newHarness(t, SignAssertion)
	p := h.do(mustGet(t, h.idp.SSOURL()+"?sp="+awsSP+"&RelayState=console"))
	done := h.login(p, "MARY", "pw-mary")
	checkAutoPost(t, done, DefaultAudience, "console")
	raw := responseXML(t, done)
	checkResponseFields(t, h, raw, DefaultAudience, "")
	checkWithGosaml2(t, newVerifier(t, h), hidden(done.body, "SAMLResponse"), SignAssertion)
}

func TestAttributesOptional(t *testing.T) {
	h := newHarness(t, SignAssertion, func(o *Options) { o.SessionDuration = 0; o.Audience = "urn:amazon:webservices" })
	p := h.redirect(deflateB64(authnRequest("_x", awsSP, "", "")), "")
	raw := responseXML(t, h.login(p, "mary", "pw-mary"))
	var r types.Response
	mustUnmarshal(t, raw, &r)
	a := r.Assertions[0]
	for _, attr := range a.AttributeStatement.Attributes {
		if attr.Name == AttrSessionDuration {
			t.Error("SessionDuration present although not configured")
		}
	}
	if got := a.Conditions.AudienceRestrictions[0].Audiences[0].Value; got != "urn:amazon:webservices" {
		t.Errorf("Audience = %q", got)
	}
	if got := a.Subject.SubjectConfirmation.SubjectConfirmationData.Recipient; got != DefaultAudience {
		t.Errorf("Recipient = %q, want the sign-in endpoint whatever the Audience", got)
	}
}
