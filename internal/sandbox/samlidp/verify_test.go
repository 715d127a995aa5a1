package samlidp

import (
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/beevik/etree"
	saml2 "github.com/russellhaering/gosaml2"
	"github.com/russellhaering/gosaml2/types"
	dsig "github.com/russellhaering/goxmldsig"
)

// verifier is a relying party configured only from the IdP's metadata.
type verifier struct {
	entityID, ssoURL string
	certs            *dsig.MemoryX509CertificateStore
}

func fetchMetadata(t *testing.T, h *harness) []byte {
	t.Helper()
	resp, err := http.Get(h.idp.MetadataURL())
	if err != nil {
		t.Fatalf("get metadata: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("metadata status %d", resp.StatusCode)
	}
	return b
}

func newVerifier(t *testing.T, h *harness) verifier {
	t.Helper()
	var md types.EntityDescriptor
	mustUnmarshal(t, fetchMetadata(t, h), &md)
	if md.IDPSSODescriptor == nil {
		t.Fatal("metadata has no IDPSSODescriptor")
	}
	v := verifier{entityID: md.EntityID, certs: &dsig.MemoryX509CertificateStore{}}
	for _, kd := range md.IDPSSODescriptor.KeyDescriptors {
		for _, c := range kd.KeyInfo.X509Data.X509Certificates {
			der, err := base64.StdEncoding.DecodeString(strings.TrimSpace(c.Data))
			if err != nil {
				t.Fatalf("metadata certificate: %v", err)
			}
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatalf("metadata certificate: %v", err)
			}
			v.certs.Roots = append(v.certs.Roots, cert)
		}
	}
	for _, s := range md.IDPSSODescriptor.SingleSignOnServices {
		if s.Binding == bindingRedirect {
			v.ssoURL = s.Location
		}
	}
	return v
}

// serviceProvider is gosaml2 configured from the metadata.
func (v verifier) serviceProvider(acs string) *saml2.SAMLServiceProvider {
	return &saml2.SAMLServiceProvider{
		IdentityProviderSSOURL:      v.ssoURL,
		IdentityProviderIssuer:      v.entityID,
		AssertionConsumerServiceURL: acs,
		AudienceURI:                 DefaultAudience,
		IDPCertificateStore:         v.certs,
		Clock:                       dsig.NewFakeClockAt(t0),
	}
}

// checkSignatures verifies, with goxmldsig and the metadata certificate,
// exactly the signatures the policy calls for.
func (v verifier) checkSignatures(t *testing.T, raw []byte, policy SigningPolicy) {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		t.Fatalf("parse response: %v", err)
	}
	root := doc.Root()
	assertions := root.SelectElements("Assertion")
	if len(assertions) != 1 {
		t.Fatalf("got %d assertions, want 1", len(assertions))
	}
	wantResp := policy == SignResponse || policy == SignBoth
	wantAssertion := policy == SignAssertion || policy == SignBoth
	v.checkSigned(t, "Response", root, wantResp)
	v.checkSigned(t, "Assertion", assertions[0], wantAssertion)
}

func (v verifier) checkSigned(t *testing.T, what string, el *etree.Element, want bool) {
	t.Helper()
	sig := el.SelectElement("Signature")
	if (sig != nil) != want {
		t.Fatalf("%s signed = %v, want %v", what, sig != nil, want)
	}
	if !want {
		return
	}
	if !followsIssuer(el, sig) {
		t.Errorf("%s Signature is not right after Issuer", what)
	}
	ctx := dsig.NewDefaultValidationContext(v.certs)
	ctx.Clock = dsig.NewFakeClockAt(t0)
	if _, err := ctx.Validate(el.Copy()); err != nil {
		t.Fatalf("%s signature does not verify: %v", what, err)
	}
	if got := sig.FindElement(".//SignatureMethod").SelectAttrValue("Algorithm", ""); got != dsig.RSASHA256SignatureMethod {
		t.Errorf("%s SignatureMethod = %s", what, got)
	}
	if got := sig.FindElement(".//CanonicalizationMethod").SelectAttrValue("Algorithm", ""); got != string(dsig.CanonicalXML10ExclusiveAlgorithmId) {
		t.Errorf("%s CanonicalizationMethod = %s", what, got)
	}
}

// followsIssuer reports whether sig is the element right after Issuer.
func followsIssuer(el, sig *etree.Element) bool {
	kids := el.ChildElements()
	for n, k := range kids {
		if k == sig {
			return n > 0 && kids[n-1].Tag == "Issuer"
		}
	}
	return false
}
