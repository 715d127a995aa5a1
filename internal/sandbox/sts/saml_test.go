package sts_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

const (
	samlEntity   = "https://idp.example.com/saml"
	signInURL    = "https://signin.aws.amazon.com/saml"
	awsSPEntity  = "urn:amazon:webservices"
	regionalURL  = "https://eu-west-1.signin.aws.amazon.com/saml"
	nsSAMLAssert = "urn:oasis:names:tc:SAML:2.0:assertion"
)

type samlSigner struct {
	key  *rsa.PrivateKey
	cert []byte
}

func (s samlSigner) GetKeyPair() (*rsa.PrivateKey, []byte, error) { return s.key, s.cert, nil }

func newSAMLSigner(t *testing.T) samlSigner {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "idp"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return samlSigner{key, der}
}

func (s samlSigner) metadata() string {
	return `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="` + samlEntity + `"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>` +
		base64.StdEncoding.EncodeToString(s.cert) + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`
}

// samlOpts is every value of the response the checks read. Tests start
// from validSAML and change one field, so that one check alone fails.
type samlOpts struct {
	recipient, audience, roleAttr, sessionName string
	// issuer is the Assertion's Issuer, responseIssuer the Response's ("" for none).
	issuer, responseIssuer  string
	issued                  time.Time // the Assertion's IssueInstant
	notBefore, notOnOrAfter time.Time // Conditions
	confirmUntil            time.Time // SubjectConfirmationData NotOnOrAfter
	sessionEnd              time.Time // AuthnStatement SessionNotOnOrAfter (zero: none)
	method                  string    // SubjectConfirmation Method
	tags                    bool
	sessionDuration         string
	// signAssertion and signResponse choose the enveloped signatures.
	signAssertion, signResponse bool
}

// validSAML is a response AWS accepts for role via provider, every
// value set explicitly.
func validSAML(role, provider string) samlOpts {
	now := time.Now()
	return samlOpts{
		recipient: signInURL, audience: signInURL, roleAttr: role + "," + provider, sessionName: "mary@example.com",
		issuer: samlEntity, responseIssuer: samlEntity,
		issued: now, notBefore: now.Add(-time.Minute), notOnOrAfter: now.Add(5 * time.Minute), confirmUntil: now.Add(5 * time.Minute),
		method: "urn:oasis:names:tc:SAML:2.0:cm:bearer", tags: true, signAssertion: true,
	}
}

func samlTS(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func assertionXML(o samlOpts, id string) string {
	attrs := `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>` + o.roleAttr + `</saml:AttributeValue></saml:Attribute>`
	if o.sessionName != "" {
		attrs += `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>` + o.sessionName + `</saml:AttributeValue></saml:Attribute>`
	}
	if o.tags {
		attrs += `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:Email"><saml:AttributeValue>mary@example.com</saml:AttributeValue></saml:Attribute>`
	}
	if o.sessionDuration != "" {
		attrs += `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>` + o.sessionDuration + `</saml:AttributeValue></saml:Attribute>`
	}
	authn := `<saml:AuthnStatement AuthnInstant="` + samlTS(o.issued) + `"/>`
	if !o.sessionEnd.IsZero() {
		authn = `<saml:AuthnStatement AuthnInstant="` + samlTS(o.issued) + `" SessionNotOnOrAfter="` + samlTS(o.sessionEnd) + `"/>`
	}
	return `<saml:Assertion xmlns:saml="` + nsSAMLAssert + `" ID="` + id + `" Version="2.0" IssueInstant="` + samlTS(o.issued) + `">` +
		`<saml:Issuer>` + o.issuer + `</saml:Issuer>` +
		`<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">mary</saml:NameID>` +
		`<saml:SubjectConfirmation Method="` + o.method + `"><saml:SubjectConfirmationData NotOnOrAfter="` + samlTS(o.confirmUntil) + `" Recipient="` + o.recipient + `"/></saml:SubjectConfirmation></saml:Subject>` +
		`<saml:Conditions NotBefore="` + samlTS(o.notBefore) + `" NotOnOrAfter="` + samlTS(o.notOnOrAfter) + `"><saml:AudienceRestriction><saml:Audience>` + o.audience + `</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
		authn + `<saml:AttributeStatement>` + attrs + `</saml:AttributeStatement></saml:Assertion>`
}

// response builds a base64 SAML Response signed by s as o says;
// extraAssertion adds a second, unsigned assertion; mutate may alter the
// XML text after signing.
func (s samlSigner) response(t *testing.T, o samlOpts, extraAssertion bool, mutate func(string) string) string {
	t.Helper()
	a := s.element(t, assertionXML(o, "_a1"), o.signAssertion)
	resp := etree.NewElement("samlp:Response")
	resp.CreateAttr("xmlns:samlp", "urn:oasis:names:tc:SAML:2.0:protocol")
	resp.CreateAttr("ID", "_r1")
	resp.CreateAttr("Version", "2.0")
	resp.CreateAttr("IssueInstant", samlTS(o.issued))
	resp.CreateAttr("Destination", "https://rp.example.com/saml/acs")
	if o.responseIssuer != "" {
		iss := resp.CreateElement("saml:Issuer")
		iss.CreateAttr("xmlns:saml", nsSAMLAssert)
		iss.SetText(o.responseIssuer)
	}
	st := resp.CreateElement("samlp:Status").CreateElement("samlp:StatusCode")
	st.CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Success")
	resp.AddChild(a)
	if extraAssertion {
		resp.AddChild(s.element(t, assertionXML(o, "_a2"), false))
	}
	if o.signResponse {
		resp = s.sign(t, resp)
	}
	doc := etree.NewDocument()
	doc.SetRoot(resp)
	out, err := doc.WriteToString()
	if err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		out = mutate(out)
	}
	return base64.StdEncoding.EncodeToString([]byte(out))
}

// element parses xml and signs it when sign is set.
func (s samlSigner) element(t *testing.T, xml string, sign bool) *etree.Element {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromString(xml); err != nil {
		t.Fatal(err)
	}
	if !sign {
		return d.Root()
	}
	return s.sign(t, d.Root())
}

func (s samlSigner) sign(t *testing.T, el *etree.Element) *etree.Element {
	t.Helper()
	ctx := dsig.NewDefaultSigningContext(s)
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	signed, err := ctx.SignEnveloped(el)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// samlWorld is a fixture with one SAML provider trusting signer and roles
// that trust it.
type samlWorld struct {
	*fixture
	signer samlSigner
	// provider is the SAML provider ARN; role allows TagSession, noTag not.
	provider, role, noTag string
}

func newSAMLWorld(t *testing.T) *samlWorld {
	t.Helper()
	w := &samlWorld{fixture: newFixture(t), signer: newSAMLSigner(t)}
	prov, err := w.iam.CreateSAMLProvider(context.Background(), &iam.CreateSAMLProviderInput{Name: aws.String("corp"), SAMLMetadataDocument: aws.String(w.signer.metadata())})
	if err != nil {
		t.Fatal(err)
	}
	w.provider = *prov.SAMLProviderArn
	trust := func(actions string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + w.provider + `"},"Action":` + actions +
			`,"Condition":{"StringEquals":{"SAML:aud":["` + signInURL + `","` + regionalURL + `"],"SAML:sub":"mary"}}}]}`
	}
	w.role = w.createRole(t, "saml", trust(`["sts:AssumeRoleWithSAML","sts:TagSession"]`), 7200)
	w.noTag = w.createRole(t, "saml-notag", trust(`"sts:AssumeRoleWithSAML"`), 3600)
	return w
}

// valid is validSAML for the world's tagging role.
func (w *samlWorld) valid() samlOpts { return validSAML(w.role, w.provider) }

func (w *samlWorld) assume(role, principal, assertion string) (*sts.AssumeRoleWithSAMLOutput, error) {
	return w.sts.AssumeRoleWithSAML(context.Background(), &sts.AssumeRoleWithSAMLInput{
		RoleArn: aws.String(role), PrincipalArn: aws.String(principal), SAMLAssertion: aws.String(assertion)})
}

func TestAssumeRoleWithSAML(t *testing.T) {
	w := newSAMLWorld(t)
	ctx := context.Background()
	role, pARN, signer := w.role, w.provider, w.signer
	base := w.valid()
	mod := func(fn func(*samlOpts)) samlOpts { o := base; fn(&o); return o }

	out, err := w.assume(role, pARN, signer.response(t, base, false, nil))
	if err != nil {
		t.Fatal(err)
	}
	if *out.AssumedRoleUser.Arn != "arn:aws:sts::"+acct+":assumed-role/saml/mary@example.com" || *out.Subject != "mary" || *out.SubjectType != "persistent" ||
		*out.Issuer != samlEntity || *out.Audience != signInURL || *out.NameQualifier == "" {
		t.Fatalf("output = %+v", out)
	}
	if _, p, err := w.h.Gate.Authority.Resolve(*out.Credentials.AccessKeyId, *out.Credentials.SessionToken); err != nil || p.Email() != "mary@example.com" || p.Federation.Kind != "saml" {
		t.Fatalf("principal = %+v, %v", p, err)
	}

	cases := []struct {
		name, role, assertion string
		duration              int32
		code, msg             string
		maxLife               time.Duration
	}{
		{"session duration attribute caps", role, signer.response(t, mod(func(o *samlOpts) { o.sessionDuration = "1000" }), false, nil), 7200, "", "", 1000 * time.Second},
		{"role max applies", role, signer.response(t, base, false, nil), 7200, "", "", 2 * time.Hour},
		{"duration above role max", w.noTag, signer.response(t, mod(func(o *samlOpts) { o.tags = false; o.roleAttr = w.noTag + "," + pARN }), false, nil), 7200, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 0},
		{"role pair absent", w.noTag, signer.response(t, mod(func(o *samlOpts) { o.tags = false }), false, nil), 0, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 0},
		{"tags without TagSession", w.noTag, signer.response(t, mod(func(o *samlOpts) { o.roleAttr = w.noTag + "," + pARN }), false, nil), 0, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 0},
		{"tampered after signing", role, signer.response(t, base, false, func(s string) string { return strings.Replace(s, ">mary</", ">admin</", 1) }), 0, "InvalidIdentityToken", "Response signature invalid", 0},
		{"two assertions", role, signer.response(t, base, true, nil), 0, "InvalidIdentityToken", "Invalid SAML response", 0},
		{"doctype", role, signer.response(t, base, false, func(s string) string { return `<!DOCTYPE r [<!ENTITY x "y">]>` + s }), 0, "InvalidIdentityToken", "Invalid SAML response", 0},
		{"no session name", role, signer.response(t, mod(func(o *samlOpts) { o.sessionName = "" }), false, nil), 0, "InvalidIdentityToken", "RoleSessionName is required in AuthnResponse", 0},
		{"bad session name", role, signer.response(t, mod(func(o *samlOpts) { o.sessionName = "a b" }), false, nil), 0, "InvalidIdentityToken", "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}", 0},
		{"garbage", role, "bm90IHhtbA==", 0, "InvalidIdentityToken", "Invalid SAML response", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &sts.AssumeRoleWithSAMLInput{RoleArn: aws.String(tc.role), PrincipalArn: &pARN, SAMLAssertion: aws.String(tc.assertion)}
			if tc.duration != 0 {
				in.DurationSeconds = aws.Int32(tc.duration)
			}
			out, err := w.sts.AssumeRoleWithSAML(ctx, in)
			if tc.code != "" {
				wantAPIError(t, err, tc.code, tc.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Until(*out.Credentials.Expiration); d > tc.maxLife || d < tc.maxLife-time.Minute {
				t.Fatalf("lifetime %v, want about %v", d, tc.maxLife)
			}
		})
	}
	t.Run("unknown provider", func(t *testing.T) {
		_, err := w.assume(role, "arn:aws:iam::"+acct+":saml-provider/nope", signer.response(t, base, false, nil))
		wantAPIError(t, err, "InvalidIdentityToken", "Specified provider doesn't exist.")
	})
	t.Run("malformed principal", func(t *testing.T) {
		_, err := w.assume(role, "arn:aws:iam::"+acct+":user/xxxxxxxxx", "abcd")
		wantAPIError(t, err, "ValidationError", "Principal ARN is invalid")
	})
}
