package awsauth

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth/awsauthtest"
)

const chatBody = `{"userMessage":"When does the ACME project launch?"}`

// jsRequest is a ChatSync call as the AWS SDK for JavaScript v3 sends it
// over HTTP/2: the authority signed as the :authority pseudo-header, no
// host, and the SDK's own headers.
type jsRequest struct {
	rig   *rig
	creds aws.Credentials
	// at is the signing instant; region and service the credential scope.
	at              time.Time
	region, service string
	// signed are the header lines signed, after :authority.
	signed [][2]string
}

func newJSRequest(rg *rig, creds aws.Credentials) *jsRequest {
	return &jsRequest{rig: rg, creds: creds, at: t0, region: "us-east-1", service: "qbusiness", signed: [][2]string{
		{"amz-sdk-invocation-id", "0b5f2a62-4d1e-4c3a-9d53-0c2a6c1f7e11"},
		{"amz-sdk-request", "attempt=1; max=3"},
		{"content-type", "application/json"},
		{"x-amz-content-sha256", hashHex([]byte(chatBody))},
		{"x-amz-date", t0.Format(amzDateLayout)},
		{"x-amz-security-token", creds.SessionToken},
		{"x-amz-user-agent", "aws-sdk-js/3.700.0"},
	}}
}

// build signs and returns the request; the header values sent are the
// signed ones.
func (j *jsRequest) build(t *testing.T) *http.Request {
	t.Helper()
	authority := strings.TrimPrefix(j.rig.srv.URL, "http://")
	s := awsauthtest.Canonical{Method: "POST", URI: "/applications/app-1/conversations", Query: "sync=",
		Headers: append([][2]string{{":authority", authority}}, j.signed...), Payload: hashHex([]byte(chatBody))}
	req := j.rig.newRequest(t, http.MethodPost, "/applications/app-1/conversations?sync", chatBody)
	for _, h := range j.signed {
		req.Header.Set(h[0], h[1])
	}
	req.Header.Set("Authorization", s.Authorization(j.creds, j.region, j.service, j.at))
	return req
}

var chatRequest = Request{Family: JSON, Service: "qbusiness", Region: "us-east-1"}

// TestVerifyAuthoritySignedOverHTTP2 accepts a request whose signature
// covers :authority instead of host, as the JS SDK v3 sends every Q
// Business call.
func TestVerifyAuthoritySignedOverHTTP2(t *testing.T) {
	rg := newH2CRig(t)
	p := rolePrincipal("mary@example.com")
	sess, err := rg.a.Mint(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got := rg.do(t, newJSRequest(rg, sess.SDK()).build(t), chatRequest)
	if got.proto != "HTTP/2.0" {
		t.Fatalf("request arrived as %s, want HTTP/2.0", got.proto)
	}
	if got.err != nil {
		t.Fatalf("refused: %v", got.err)
	}
	if got.v.Principal.ARN != p.ARN || len(got.v.Signature) != 32 {
		t.Fatalf("verified %+v", got.v)
	}
}

// TestVerifyAuthoritySignedTampering changes one thing of an
// :authority-signed request at a time; each is refused with AWS's code.
func TestVerifyAuthoritySignedTampering(t *testing.T) {
	const (
		code     = "InvalidSignatureException"
		mustSign = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
	)
	cases := []struct {
		name   string
		change func(*jsRequest)    // before signing
		after  func(*http.Request) // after signing
		code   string
		msg    string
	}{
		{name: "body", code: code, msg: sigMismatch, after: func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(chatBody, "ACME", "AnyOrgApp", 1)))
			r.ContentLength = -1
			r.Header.Del("X-Amz-Content-Sha256")
		}},
		{name: "signed header", code: code, msg: sigMismatch, after: func(r *http.Request) { r.Header.Set("Amz-Sdk-Request", "attempt=2; max=3") }},
		{name: "path", code: code, msg: sigMismatch, after: func(r *http.Request) { r.URL.Path = "/applications/app-2/conversations" }},
		{name: "query", code: code, msg: sigMismatch, after: func(r *http.Request) { r.URL.RawQuery = "sync&conversationId=c-1" }},
		{name: "authority", code: code, msg: sigMismatch, after: func(r *http.Request) { r.Host = "qbusiness.us-east-1.api.aws" }},
		{name: "date within the window", code: code, msg: sigMismatch,
			after: func(r *http.Request) { r.Header.Set("X-Amz-Date", t0.Add(time.Second).Format(amzDateLayout)) }},
		{name: "date of another day", code: code,
			after: func(r *http.Request) { r.Header.Set("X-Amz-Date", t0.Add(-24*time.Hour).Format(amzDateLayout)) },
			msg:   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250314' != '20250313', from '20250313T123000Z'."},
		{name: "scope region", code: code, change: func(j *jsRequest) { j.region = "eu-west-1" },
			msg: "Credential should be scoped to a valid Region, not 'eu-west-1'."},
		{name: "scope service", code: code, change: func(j *jsRequest) { j.service = "sts" },
			msg: "Credential should be scoped to correct service: 'qbusiness'."},
		{name: "signed headers without :authority", code: code, msg: mustSign,
			after: func(r *http.Request) {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), ":authority;", "", 1))
			}},
		{name: "signed without :authority", code: code, msg: mustSign, change: func(j *jsRequest) { j.signed = j.signed[:0:0] },
			after: func(r *http.Request) {
				h := r.Header.Get("Authorization")
				i, k := strings.Index(h, "SignedHeaders="), strings.Index(h, ", Signature=")
				r.Header.Set("Authorization", h[:i]+"SignedHeaders=x-amz-date"+h[k:])
			}},
		{name: "secret", code: code, msg: sigMismatch, change: func(j *jsRequest) { j.creds.SecretAccessKey = strings.Repeat("x", 40) }},
		{name: "unknown key", code: "UnrecognizedClientException", msg: msgInvalidToken,
			change: func(j *jsRequest) { j.creds.AccessKeyID = "ASIAUNKNOWNUNKNOWN00" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rg := newH2CRig(t)
			sess, err := rg.a.Mint(rolePrincipal("mary@example.com"), time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			j := newJSRequest(rg, sess.SDK())
			if c.change != nil {
				c.change(j)
			}
			req := j.build(t)
			if c.after != nil {
				c.after(req)
			}
			got := rg.do(t, req, chatRequest)
			assertWireError(t, got.err, 403, c.code, c.msg)
		})
	}
}

// TestVerifyHeaderSpelling accepts signed headers sent in another case,
// another order, with repeated lines and with extra spaces and tabs: the
// canonical request is built from what they mean, not how they are spelled.
func TestVerifyHeaderSpelling(t *testing.T) {
	for _, newRig := range []func(*testing.T) *rig{newRig, newH2CRig} {
		rg := newRig(t)
		creds := rg.a.NewLongTermKey(userPrincipal()).SDK()
		authority := strings.TrimPrefix(rg.srv.URL, "http://")
		s := awsauthtest.Canonical{Method: "POST", URI: "/", Payload: hashHex([]byte("Action=GetCallerIdentity&Version=2011-06-15")),
			Headers: [][2]string{{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}, {"host", authority},
				{"my-header", "a b c"}, {"x-amz-date", t0.Format(amzDateLayout)}, {"x-amz-meta", "one,two words,three"}}}
		req := rg.newRequest(t, http.MethodPost, "/", "Action=GetCallerIdentity&Version=2011-06-15")
		req.Header = http.Header{
			"x-AMZ-meta":   {"one", " two \t  words  ", "three"},
			"X-Amz-Date":   {t0.Format(amzDateLayout)},
			"my-HEADER":    {"\t a  \t b   c \t"},
			"CONTENT-type": {"application/x-www-form-urlencoded;   charset=utf-8"},
		}
		req.Header.Set("Authorization", s.Authorization(creds, "us-east-1", "sts", t0))
		got := rg.do(t, req, Request{Family: Query, Service: "sts", Region: "us-east-1"})
		if got.err != nil {
			t.Fatalf("%s: refused: %v", got.proto, got.err)
		}
	}
}
