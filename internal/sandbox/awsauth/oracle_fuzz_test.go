package awsauth

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
)

var oracleCreds = aws.Credentials{AccessKeyID: "AKIAORACLEORACLE0000", SecretAccessKey: strings.Repeat("s", 40), SessionToken: "IQoJoracle"}

// FuzzCanonicalAgreesWithSDK signs random requests with the Go SDK's
// signer, the oracle, and checks the verifier reaches the very same
// signature from what a server receives. Two differences are AWS's and are
// left out: AWS normalises the path (dot and empty segments), the Go SDK
// does not; and AWS collapses tabs inside header values, the Go SDK only
// spaces.
func FuzzCanonicalAgreesWithSDK(f *testing.F) {
	f.Add(uint8(0), "/applications/a b/conversations", "sync&z=1&a=2&a=1", "X-Amz-Target", "  a   b  ", "body")
	f.Add(uint8(1), "/documents/été/ü", "next=a%2Bb%20c&filter=%3D%26&k=a/b&k=a-b", "My-Header", "x", "")
	f.Add(uint8(2), "/", "%E1%88%B4=1&Param-3=3&Param=2", "Content-Type", "application/json", "{}")
	f.Add(uint8(3), "/a/", "k=_&k=`&k=|&k=z&k=;&k=9", "Amz-Sdk-Request", "attempt=1;  max=3", "x=1")
	f.Fuzz(func(t *testing.T, m uint8, path, query, name, value, body string) {
		method := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}[m%4]
		req := oracleRequest(method, path, query, name, value, body)
		if req == nil {
			return
		}
		sign(t, req, oracleCreds, hashHex([]byte(body)), "qbusiness", "us-east-1", t0)
		got := asReceived(req)
		h, msg := parseAuthorization(got.Header.Get("Authorization"))
		if msg != "" {
			t.Fatalf("SDK authorization unparsable: %s", msg)
		}
		want := Request{Family: JSON, Service: "qbusiness", Region: "us-east-1", Body: []byte(body)}
		if _, werr := checkSignature(got, h, want, oracleCreds.SecretAccessKey); werr != nil {
			payload, _ := payloadHash(got, want)
			canonical, _ := canonicalRequest(got, h.signedHeaders, payload)
			t.Fatalf("SDK-signed %s %s refused: %v\ncanonical request:\n%s", method, got.RequestURI, werr, canonical)
		}
	})
}

// oracleRequest builds the client's request, or nil for inputs outside
// what both sides define alike (see FuzzCanonicalAgreesWithSDK).
func oracleRequest(method, path, query, name, value, body string) *http.Request {
	if !strings.HasPrefix(path, "/") || !normalPath(path) || !validHeader(name, value) {
		return nil
	}
	u := &url.URL{Scheme: "http", Host: "127.0.0.1:8484", Path: path, RawQuery: query}
	req, err := http.NewRequest(method, u.String(), bytes.NewReader([]byte(body)))
	if err != nil || !normalPath(req.URL.EscapedPath()) {
		return nil
	}
	req.Header.Add(name, value)
	return req
}

// normalPath reports a path without empty, "." or ".." segments.
func normalPath(p string) bool {
	segments := strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/"), "/")
	for _, s := range segments {
		if (s == "" && p != "/") || s == "." || s == ".." {
			return false
		}
	}
	return true
}

func validHeader(name, value string) bool {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r > '~' || !strings.ContainsRune(tokenChars, r) }) {
		return false
	}
	switch http.CanonicalHeaderKey(name) {
	case "Host", "Authorization", "User-Agent", "Expect", "Transfer-Encoding", "Content-Length", "X-Amzn-Trace-Id",
		"X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256":
		return false
	}
	return !strings.ContainsFunc(strings.Trim(value, " \t"), func(r rune) bool { return r == '\t' || r > '~' || !unicode.IsPrint(r) && r != ' ' })
}

const tokenChars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// asReceived is req as Go's server hands it to a handler: the request
// target as sent, the authority in Host, header names canonical and
// values trimmed.
func asReceived(req *http.Request) *http.Request {
	got := &http.Request{Method: req.Method, RequestURI: req.URL.RequestURI(), Host: req.Host, Header: http.Header{}, ContentLength: req.ContentLength}
	got.URL, _ = url.ParseRequestURI(got.RequestURI)
	if got.Host == "" {
		got.Host = req.URL.Host
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			got.Header.Add(k, strings.Trim(v, " \t"))
		}
	}
	if req.ContentLength > 0 {
		got.Header.Set("Content-Length", strconv.FormatInt(req.ContentLength, 10))
	}
	return got
}
