package samlauth

import (
	"errors"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// TestAWSAudienceValues: STS accepts as Audience the AWS sign-in endpoint,
// global or regional, and AWS's SP entity ID urn:amazon:webservices, which
// ADFS and Okta send once they import AWS's SP metadata. A genuine response
// from an IdP configured with each value is accepted or refused as STS
// would; the Recipient stays the sign-in endpoint throughout.
func TestAWSAudienceValues(t *testing.T) {
	cases := []struct {
		audience string
		ok       bool
	}{
		{"https://signin.aws.amazon.com/saml", true},
		{"urn:amazon:webservices", true},
		{"https://us-east-1.signin.aws.amazon.com/saml", true},
		{"https://us-gov-west-1.signin.aws.amazon.com/saml", true},
		{"https://signin.aws.amazon.com/saml/", false},
		{"http://signin.aws.amazon.com/saml", false},
		{"https://evil.example/x.signin.aws.amazon.com/saml", false},
		{"https://a.b.signin.aws.amazon.com/saml", false},
		{"https://EU-WEST-1.signin.aws.amazon.com/saml", false},
		{"https://.signin.aws.amazon.com/saml", false},
		{"urn:amazon:webservices:x", false},
		{spEntityID, false},
		{testACS, false},
	}
	for _, tc := range cases {
		t.Run(tc.audience, func(t *testing.T) {
			f := newFixtureIdP(t, samlidp.Options{Signing: samlidp.SignAssertion, Audience: tc.audience})
			req, form, _ := f.genuine("mary")
			if tc.ok {
				wantAccept(t, f.sp, req, form, marySubject(t))
				return
			}
			wantReject(t, f.sp, req, form, ErrWrongAudience)
		})
	}
}

// TestAWSRecipientValues: the bearer Recipient must be the AWS sign-in
// endpoint, global or regional; urn:amazon:webservices is an Audience,
// never a Recipient.
func TestAWSRecipientValues(t *testing.T) {
	cases := []struct {
		recipient string
		ok        bool
	}{
		{"https://signin.aws.amazon.com/saml", true},
		{"https://eu-west-1.signin.aws.amazon.com/saml", true},
		{"urn:amazon:webservices", false},
		{"https://signin.aws.amazon.com/saml?x=1", false},
		{"https://eu-west-1.signin.aws.amazon.com/saml/", false},
		{testACS, false},
	}
	for _, tc := range cases {
		t.Run(tc.recipient, func(t *testing.T) {
			f := newFixtureIdP(t, samlidp.Options{Signing: samlidp.SignAssertion, Recipient: tc.recipient})
			req, form, _ := f.genuine("mary")
			if tc.ok {
				wantAccept(t, f.sp, req, form, marySubject(t))
				return
			}
			wantReject(t, f.sp, req, form, ErrWrongAudience)
		})
	}
}

// TestRecipientIsACSSaysWhatToSet: an IdP that names the ACS it posts to as
// Recipient too (Okta with "Use this for Recipient URL and Destination URL"
// ticked, saml-idp, Entra ID's default) is refused with what its
// administrator must set instead.
func TestRecipientIsACSSaysWhatToSet(t *testing.T) {
	for name, recipient := range map[string]string{"ACS URL": testACS, "another URL": "https://idp.example/acs"} {
		t.Run(name, func(t *testing.T) {
			f := newFixtureIdP(t, samlidp.Options{Signing: samlidp.SignAssertion, Recipient: recipient})
			req, form, _ := f.genuine("mary")
			_, err := f.sp.Complete(req, form)
			if !errors.Is(err, ErrWrongAudience) {
				t.Fatalf("err = %v, want ErrWrongAudience", err)
			}
			for _, want := range []string{
				"Recipient", "https://signin.aws.amazon.com/saml", "posts the response to " + testACS,
				`untick "Use this for Recipient URL and Destination URL"`,
			} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if isACS := strings.Contains(err.Error(), "Recipient is this sign-in's ACS URL"); isACS != (recipient == testACS) {
				t.Errorf("error %q: says the Recipient is the ACS URL: %v", err, isACS)
			}
		})
	}
}
