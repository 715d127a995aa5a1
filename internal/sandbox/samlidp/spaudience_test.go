package samlidp

import (
	"testing"

	"github.com/beevik/etree"
)

// TestServiceProviderAudienceAndRecipient: an SP's own Audience and
// Recipient replace the IdP's in its assertions; another SP keeps the
// IdP's (the AWS sign-in endpoint).
func TestServiceProviderAudienceAndRecipient(t *testing.T) {
	h := newHarness(t, SignAssertion)
	h.idp.AddServiceProvider(ServiceProvider{EntityID: appSP, ACSURLs: []string{appLoopback},
		Roles: []RolePair{{marysRole, marysIdP}}, Audience: appSP, Recipient: appLoopback})
	for _, tc := range []struct {
		sp, acs, audience, recipient string
	}{
		{appSP, "http://127.0.0.1:5/saml/acs", appSP, appLoopback},
		{awsSP, DefaultAudience, DefaultAudience, DefaultAudience},
	} {
		done := h.login(h.start(flowCase{binding: "post", sp: tc.sp, acs: tc.acs}, "r"), "mary", "pw-mary")
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(responseXML(t, done)); err != nil {
			t.Fatal(err)
		}
		aud := doc.FindElement("//Audience")
		scd := doc.FindElement("//SubjectConfirmationData")
		if aud == nil || scd == nil {
			t.Fatalf("%s: no Audience or SubjectConfirmationData", tc.sp)
		}
		if aud.Text() != tc.audience || scd.SelectAttrValue("Recipient", "") != tc.recipient {
			t.Errorf("%s: Audience %q Recipient %q, want %q %q", tc.sp, aud.Text(), scd.SelectAttrValue("Recipient", ""), tc.audience, tc.recipient)
		}
	}
}
