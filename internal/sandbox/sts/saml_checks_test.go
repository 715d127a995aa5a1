package sts_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

const (
	audienceMsg  = "Response does not contain the required audience."
	signatureMsg = "Response signature invalid"
	expiredMsg   = "Response has expired"
	// AWS nests its SAML service's error, with that service's own request
	// ID ({id}), in the message (AWS-BEHAVIOUR.md §1.2).
	issuerMsg = "Issuer not present in specified provider (Service: AWSOpenIdDiscoveryService; Status Code: 400; " +
		"Error Code: AuthSamlInvalidSamlResponseException; Request ID: {id}; Proxy: null)"
)

// wantSAMLError is wantAPIError where {id} in msg stands for a request ID.
func wantSAMLError(t *testing.T, err error, code, msg string) {
	t.Helper()
	if !strings.Contains(msg, "{id}") {
		wantAPIError(t, err, code, msg)
		return
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(msg), regexp.QuoteMeta("{id}"), "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}") + "$"
	if ae.ErrorCode() != code || !regexp.MustCompile(re).MatchString(ae.ErrorMessage()) {
		t.Fatalf("error = %s: %q, want %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// TestAssumeRoleWithSAMLChecks: every check of AssumeRoleWithSAML violated
// alone — the rest of the response valid, as each positive twin shows —
// gives AWS's error code and message (AWS-BEHAVIOUR.md §1.2).
func TestAssumeRoleWithSAMLChecks(t *testing.T) {
	w := newSAMLWorld(t)
	other := newSAMLSigner(t)
	now := time.Now()
	cases := []struct {
		name      string
		mod       func(*samlOpts)
		mutate    func(string) string
		code, msg string // "": accepted
	}{
		{"twin: assertion signed", func(*samlOpts) {}, nil, "", ""},
		{"twin: Response signed only", func(o *samlOpts) { o.signAssertion, o.signResponse = false, true }, nil, "", ""},
		{"twin: both signed", func(o *samlOpts) { o.signResponse = true }, nil, "", ""},
		{"neither signed", func(o *samlOpts) { o.signAssertion = false }, nil, "InvalidIdentityToken", signatureMsg},
		{"Response signature broken, assertion signature good", func(o *samlOpts) { o.signResponse = true },
			func(s string) string {
				return strings.Replace(s, "https://rp.example.com/saml/acs", "https://rp.example.com/other", 1)
			},
			"InvalidIdentityToken", signatureMsg},
		{"Response-only signature over a changed assertion", func(o *samlOpts) { o.signAssertion, o.signResponse = false, true },
			func(s string) string { return strings.Replace(s, ">mary</", ">admin</", 1) }, "InvalidIdentityToken", signatureMsg},
		{"Recipient not AWS, Audience AWS", func(o *samlOpts) { o.recipient = "https://rp.example.com/saml/acs" }, nil, "InvalidIdentityToken", audienceMsg},
		{"Audience not AWS, Recipient AWS", func(o *samlOpts) { o.audience = "https://rp.example.com/saml/acs" }, nil, "InvalidIdentityToken", audienceMsg},
		{"confirmation Method not bearer", func(o *samlOpts) { o.method = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key" }, nil, "InvalidIdentityToken", audienceMsg},
		{"twin: no Response Issuer", func(o *samlOpts) { o.responseIssuer = "" }, nil, "", ""},
		{"Assertion Issuer not the provider's", func(o *samlOpts) { o.issuer = "https://other.example.com/saml" }, nil, "InvalidIdentityToken", issuerMsg},
		{"Response Issuer not the provider's", func(o *samlOpts) { o.responseIssuer = "https://other.example.com/saml" }, nil, "InvalidIdentityToken", issuerMsg},
		{"twin: NotBefore ahead within skew", func(o *samlOpts) { o.notBefore = now.Add(4 * time.Minute) }, nil, "", ""},
		// Not in AWS-BEHAVIOUR.md's table: the sandbox's own wording.
		{"NotBefore ahead beyond skew", func(o *samlOpts) { o.notBefore = now.Add(6 * time.Minute) }, nil, "InvalidIdentityToken", "Response is not yet valid"},
		{"Conditions NotOnOrAfter passed", func(o *samlOpts) { o.notOnOrAfter = now.Add(-time.Minute) }, nil, "ExpiredTokenException", expiredMsg},
		{"SubjectConfirmationData NotOnOrAfter passed", func(o *samlOpts) { o.confirmUntil = now.Add(-time.Minute) }, nil, "ExpiredTokenException", expiredMsg},
		{"SessionNotOnOrAfter passed", func(o *samlOpts) { o.sessionEnd = now.Add(-time.Minute) }, nil, "ExpiredTokenException", expiredMsg},
		{"twin: issued 4 minutes ago", func(o *samlOpts) { o.issued = now.Add(-4 * time.Minute) }, nil, "", ""},
		{"issued 6 minutes ago", func(o *samlOpts) { o.issued = now.Add(-6 * time.Minute) }, nil,
			"ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance"},
		{"a second, unsigned assertion inside Status", func(*samlOpts) {}, func(s string) string {
			return strings.Replace(s, "</samlp:Status>", `<saml:Assertion xmlns:saml="`+nsSAMLAssert+`" ID="_a2" Version="2.0"/></samlp:Status>`, 1)
		}, "InvalidIdentityToken", "Invalid SAML response"},
		{"EncryptedAssertion beside the assertion", func(*samlOpts) {}, func(s string) string {
			return strings.Replace(s, "</samlp:Response>", `<saml:EncryptedAssertion xmlns:saml="`+nsSAMLAssert+`"/></samlp:Response>`, 1)
		}, "InvalidIdentityToken", "Invalid SAML response"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := w.valid()
			tc.mod(&o)
			_, err := w.assume(w.role, w.provider, w.signer.response(t, o, false, tc.mutate))
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantSAMLError(t, err, tc.code, tc.msg)
		})
	}
	t.Run("signed by a key the provider does not trust", func(t *testing.T) {
		_, err := w.assume(w.role, w.provider, other.response(t, w.valid(), false, nil))
		wantAPIError(t, err, "InvalidIdentityToken", signatureMsg)
	})
	t.Run("provider in another account", func(t *testing.T) {
		elsewhere := strings.Replace(w.provider, ":"+acct+":", ":210987654321:", 1)
		_, err := w.assume(w.role, elsewhere, w.signer.response(t, w.valid(), false, nil))
		wantAPIError(t, err, "ValidationError", "Principal exists outside the account of the Role being assumed.")
	})
}

// TestAssumeRoleWithSAMLAudiences: STS accepts as Audience the AWS sign-in
// endpoint, global or regional, and urn:amazon:webservices (what ADFS and
// Okta send after importing AWS's SP metadata); the Recipient must be the
// sign-in endpoint, and is what the output's Audience reports.
func TestAssumeRoleWithSAMLAudiences(t *testing.T) {
	w := newSAMLWorld(t)
	cases := []struct {
		recipient, audience string
		ok                  bool
	}{
		{signInURL, signInURL, true},
		{signInURL, awsSPEntity, true},
		{signInURL, "https://us-east-1.signin.aws.amazon.com/saml", true},
		{signInURL, regionalURL, true},
		{regionalURL, regionalURL, true},
		{regionalURL, awsSPEntity, true},
		{signInURL, "https://rp.example.com/saml/acs", false},
		{signInURL, "urn:amazon:webservices:other", false},
		{signInURL, "https://signin.aws.amazon.com/saml/", false},
		{signInURL, "http://signin.aws.amazon.com/saml", false},
		{signInURL, "https://a.b.signin.aws.amazon.com/saml", false},
		{awsSPEntity, awsSPEntity, false},
		{"https://rp.example.com/saml/acs", awsSPEntity, false},
	}
	for _, tc := range cases {
		t.Run(tc.recipient+" "+tc.audience, func(t *testing.T) {
			o := w.valid()
			o.recipient, o.audience = tc.recipient, tc.audience
			out, err := w.assume(w.role, w.provider, w.signer.response(t, o, false, nil))
			if !tc.ok {
				wantAPIError(t, err, "InvalidIdentityToken", audienceMsg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *out.Audience != tc.recipient {
				t.Fatalf("Audience = %q, want the Recipient %q", *out.Audience, tc.recipient)
			}
		})
	}
}
