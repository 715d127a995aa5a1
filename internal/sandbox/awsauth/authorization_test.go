package awsauth

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

const (
	needCredential    = "Authorization header requires 'Credential' parameter."
	needSignature     = "Authorization header requires 'Signature' parameter."
	needSignedHeaders = "Authorization header requires 'SignedHeaders' parameter."
)

var (
	credentialPart    = regexp.MustCompile(`Credential=[^,]*, `)
	signedHeadersPart = regexp.MustCompile(`SignedHeaders=[^,]*, `)
	signaturePart     = regexp.MustCompile(`, Signature=[0-9a-f]*`)
)

// TestVerifyIncompleteSignature names every missing part and never echoes
// the signature.
func TestVerifyIncompleteSignature(t *testing.T) {
	cases := []struct {
		name    string
		rewrite func(string) string
		missing []string
		echo    func(string) string // the Authorization= tail expected in the message
	}{
		{name: "not sigv4", rewrite: func(string) string { return "Bearer abc.def" },
			missing: []string{needCredential, needSignature, needSignedHeaders},
			echo:    func(string) string { return "Bearer abc.def" }},
		{name: "algorithm only", rewrite: func(string) string { return "AWS4-HMAC-SHA256" },
			missing: []string{needCredential, needSignature, needSignedHeaders},
			echo:    func(string) string { return "AWS4-HMAC-SHA256" }},
		{name: "sigv2 style", rewrite: func(string) string { return "AWS AKIAEXAMPLE:c2lnbmF0dXJl" },
			missing: []string{needCredential, needSignature, needSignedHeaders},
			echo:    func(string) string { return "AWS AKIAEXAMPLE:c2lnbmF0dXJl" }},
		{name: "no credential", rewrite: func(h string) string { return credentialPart.ReplaceAllString(h, "") },
			missing: []string{needCredential}, echo: redactedTail},
		{name: "no signed headers", rewrite: func(h string) string { return signedHeadersPart.ReplaceAllString(h, "") },
			missing: []string{needSignedHeaders}, echo: redactedTail},
		{name: "no signature", rewrite: func(h string) string { return signaturePart.ReplaceAllString(h, "") },
			missing: []string{needSignature}, echo: func(h string) string { return h }},
		{name: "empty signature", rewrite: func(h string) string { return signaturePart.ReplaceAllString(h, ", Signature=") },
			missing: []string{needSignature}, echo: redactedTail},
		{name: "only the signature", rewrite: func(h string) string {
			return "AWS4-HMAC-SHA256 " + strings.TrimPrefix(signaturePart.FindString(h), ", ")
		}, missing: []string{needCredential, needSignedHeaders}, echo: redactedTail},
		{name: "short credential scope", rewrite: func(h string) string {
			return strings.Replace(h, "/us-east-1/", "/", 1)
		}, missing: []string{needCredential}, echo: redactedTail},
	}
	for _, fam := range families {
		for _, c := range cases {
			t.Run(fam.name+"/"+c.name, func(t *testing.T) {
				e := newEnv(t, fam)
				req := e.newRequest(t, http.MethodPost, "/", "a=1")
				sign(t, req, e.admin.SDK(), hashHex([]byte("a=1")), fam.service, "us-east-1", t0)
				original := req.Header.Get("Authorization")
				sig := strings.TrimPrefix(signaturePart.FindString(original), ", Signature=")
				sent := c.rewrite(original)
				req.Header.Set("Authorization", sent)
				got := e.do(t, req, Request{Family: fam.f, Service: fam.service, Region: "us-east-1"})
				want := strings.Join(c.missing, " ") + " Authorization=" + c.echo(sent)
				assertWireError(t, got.err, 400, fam.codes[kIncomplete], want)
				if strings.Contains(got.err.Message, sig) {
					t.Fatalf("message echoes the signature: %q", got.err.Message)
				}
			})
		}
	}
}

// redactedTail is h with everything from the signature's value on replaced.
func redactedTail(h string) string {
	i := strings.Index(h, "Signature=")
	if i < 0 {
		return h
	}
	return h[:i] + "Signature=REDACTED"
}

func TestParseAuthorization(t *testing.T) {
	h, msg := parseAuthorization("AWS4-HMAC-SHA256 Credential=AKIAX/20250314/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abcd")
	if msg != "" {
		t.Fatal(msg)
	}
	want := authHeader{accessKey: "AKIAX", date: "20250314", region: "us-east-1", service: "sts", terminator: "aws4_request",
		signedHeaders: []string{"content-type", "host", "x-amz-date"}, signature: "abcd"}
	if h.accessKey != want.accessKey || h.date != want.date || h.region != want.region || h.service != want.service ||
		h.terminator != want.terminator || h.signature != want.signature || strings.Join(h.signedHeaders, ";") != "content-type;host;x-amz-date" {
		t.Fatalf("got %+v, want %+v", h, want)
	}
}
