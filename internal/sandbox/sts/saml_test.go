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

const samlEntity = "https://idp.example.com/saml"

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

type samlOpts struct {
	recipient, roleAttr, sessionName string
	notOnOrAfter                     time.Time
	tags                             bool
	sessionDuration                  string
}

func assertionXML(o samlOpts, id string) string {
	now := time.Now().UTC()
	ts := func(t time.Time) string { return t.Format("2006-01-02T15:04:05Z") }
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
	return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="` + id + `" Version="2.0" IssueInstant="` + ts(now) + `">` +
		`<saml:Issuer>` + samlEntity + `</saml:Issuer>` +
		`<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">mary</saml:NameID>` +
		`<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="` + ts(o.notOnOrAfter) + `" Recipient="` + o.recipient + `"/></saml:SubjectConfirmation></saml:Subject>` +
		`<saml:Conditions NotBefore="` + ts(now.Add(-time.Minute)) + `" NotOnOrAfter="` + ts(now.Add(5*time.Minute)) + `"><saml:AudienceRestriction><saml:Audience>` + o.recipient + `</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
		`<saml:AuthnStatement AuthnInstant="` + ts(now) + `"/>` +
		`<saml:AttributeStatement>` + attrs + `</saml:AttributeStatement></saml:Assertion>`
}

// response builds a base64 SAML Response whose assertion is signed by s;
// mutate may alter the XML text after signing.
func (s samlSigner) response(t *testing.T, o samlOpts, extraAssertion bool, mutate func(string) string) string {
	t.Helper()
	a := etree.NewDocument()
	if err := a.ReadFromString(assertionXML(o, "_a1")); err != nil {
		t.Fatal(err)
	}
	ctx := dsig.NewDefaultSigningContext(s)
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	signed, err := ctx.SignEnveloped(a.Root())
	if err != nil {
		t.Fatal(err)
	}
	resp := etree.NewDocument()
	root := resp.CreateElement("samlp:Response")
	root.CreateAttr("xmlns:samlp", "urn:oasis:names:tc:SAML:2.0:protocol")
	root.CreateAttr("ID", "_r1")
	root.CreateAttr("Version", "2.0")
	root.CreateAttr("IssueInstant", time.Now().UTC().Format(time.RFC3339))
	root.AddChild(signed)
	if extraAssertion {
		extra := etree.NewDocument()
		_ = extra.ReadFromString(assertionXML(o, "_a2"))
		root.AddChild(extra.Root())
	}
	out, err := resp.WriteToString()
	if err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		out = mutate(out)
	}
	return base64.StdEncoding.EncodeToString([]byte(out))
}

func TestAssumeRoleWithSAML(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	signer := newSAMLSigner(t)
	prov, err := f.iam.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String("corp"), SAMLMetadataDocument: aws.String(signer.metadata())})
	if err != nil {
		t.Fatal(err)
	}
	pARN := *prov.SAMLProviderArn
	trust := func(actions string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + pARN + `"},"Action":` + actions +
			`,"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml","SAML:sub":"mary"}}}]}`
	}
	role := f.createRole(t, "saml", trust(`["sts:AssumeRoleWithSAML","sts:TagSession"]`), 7200)
	noTag := f.createRole(t, "saml-notag", trust(`"sts:AssumeRoleWithSAML"`), 3600)
	base := samlOpts{recipient: "https://signin.aws.amazon.com/saml", roleAttr: role + "," + pARN, sessionName: "mary@example.com",
		notOnOrAfter: time.Now().Add(5 * time.Minute), tags: true}
	mod := func(fn func(*samlOpts)) samlOpts { o := base; fn(&o); return o }

	out, err := f.sts.AssumeRoleWithSAML(ctx, &sts.AssumeRoleWithSAMLInput{RoleArn: &role, PrincipalArn: &pARN, SAMLAssertion: aws.String(signer.response(t, base, false, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if *out.AssumedRoleUser.Arn != "arn:aws:sts::"+acct+":assumed-role/saml/mary@example.com" || *out.Subject != "mary" || *out.SubjectType != "persistent" ||
		*out.Issuer != samlEntity || *out.Audience != "https://signin.aws.amazon.com/saml" || *out.NameQualifier == "" {
		t.Fatalf("output = %+v", out)
	}
	if _, p, err := f.h.Gate.Authority.Resolve(*out.Credentials.AccessKeyId, *out.Credentials.SessionToken); err != nil || p.Email() != "mary@example.com" || p.Federation.Kind != "saml" {
		t.Fatalf("principal = %+v, %v", p, err)
	}

	other := newSAMLSigner(t)
	cases := []struct {
		name, role, assertion string
		duration              int32
		code, msg             string
		maxLife               time.Duration
	}{
		{"session duration attribute caps", role, signer.response(t, mod(func(o *samlOpts) { o.sessionDuration = "1000" }), false, nil), 7200, "", "", 1000 * time.Second},
		{"role max applies", role, signer.response(t, base, false, nil), 7200, "", "", 2 * time.Hour},
		{"duration above role max", noTag, signer.response(t, mod(func(o *samlOpts) { o.tags = false; o.roleAttr = noTag + "," + pARN }), false, nil), 7200, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 0},
		{"recipient is the gateway", role, signer.response(t, mod(func(o *samlOpts) { o.recipient = "https://gateway.example.com/saml/acs" }), false, nil), 0, "InvalidIdentityToken", "Response does not contain the required audience.", 0},
		{"role pair absent", noTag, signer.response(t, mod(func(o *samlOpts) { o.tags = false }), false, nil), 0, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 0},
		{"tags without TagSession", noTag, signer.response(t, mod(func(o *samlOpts) { o.roleAttr = noTag + "," + pARN }), false, nil), 0, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 0},
		{"expired", role, signer.response(t, mod(func(o *samlOpts) { o.notOnOrAfter = time.Now().Add(-time.Minute) }), false, nil), 0, "ExpiredTokenException", "Response has expired", 0},
		{"forged signature", role, other.response(t, base, false, nil), 0, "InvalidIdentityToken", "Response signature invalid", 0},
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
			out, err := f.sts.AssumeRoleWithSAML(ctx, in)
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
		_, err := f.sts.AssumeRoleWithSAML(ctx, &sts.AssumeRoleWithSAMLInput{RoleArn: &role, PrincipalArn: aws.String("arn:aws:iam::" + acct + ":saml-provider/nope"), SAMLAssertion: aws.String(signer.response(t, base, false, nil))})
		wantAPIError(t, err, "InvalidIdentityToken", "Specified provider doesn't exist.")
	})
	t.Run("malformed principal", func(t *testing.T) {
		_, err := f.sts.AssumeRoleWithSAML(ctx, &sts.AssumeRoleWithSAMLInput{RoleArn: &role, PrincipalArn: aws.String("arn:aws:iam::" + acct + ":user/xxxxxxxxx"), SAMLAssertion: aws.String("abcd")})
		wantAPIError(t, err, "ValidationError", "Principal ARN is invalid")
	})
}
