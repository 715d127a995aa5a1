package awsauth

import (
	"crypto/tls"
	"net/http"
	"net/url"
	"testing"
)

func TestCanonicalQuery(t *testing.T) {
	cases := []struct{ raw, want string }{
		{"", ""},
		{"sync", "sync="},
		{"a=2&a=1", "a=1&a=2"},
		{"z=1&a=2", "a=2&z=1"},
		{"a-b=1&a=2", "a=2&a-b=1"},         // by name first: "a" < "a-b" although "a=" > "a-"
		{"k=a-b&k=a%2Fb", "k=a%2Fb&k=a-b"}, // sorted after encoding: '%' < '-'
		{"k=_&k=%60", "k=%60&k=_"},
		{"x=a+b&y=a%20b", "x=a%20b&y=a%20b"},
		{"e=%C3%A9&e=z", "e=%C3%A9&e=z"},
		{"&&a=1&", "a=1"},
		{"a=b=c", "a=b%3Dc"},
		{"%E1%88%B4=1&Param-3=3", "%E1%88%B4=1&Param-3=3"},
		{"-._~=-._~", "-._~=-._~"},
	}
	for _, c := range cases {
		got, ok := canonicalQuery(c.raw)
		if !ok || got != c.want {
			t.Errorf("canonicalQuery(%q) = %q, %v; want %q", c.raw, got, ok, c.want)
		}
	}
	for _, bad := range []string{"%zz=1", "a=%4", "a=1&b=%"} {
		if got, ok := canonicalQuery(bad); ok {
			t.Errorf("canonicalQuery(%q) = %q, want it refused", bad, got)
		}
	}
}

func TestCanonicalURI(t *testing.T) {
	cases := []struct{ sent, want string }{
		{"", "/"},
		{"/", "/"},
		{"/applications/a%20b/conversations", "/applications/a%2520b/conversations"},
		{"/a/./b/../c/", "/a/c/"},
		{"//a//b//", "/a/b/"},
		{"/a/..", "/"},
		{"/..", "/"},
		{"/a%2Fb", "/a%252Fb"},
		{"/caf\xc3\xa9", "/caf%C3%A9"},
		{"/a:b@c!$'()*+,;=", "/a%3Ab%40c%21%24%27%28%29%2A%2B%2C%3B%3D"},
	}
	for _, c := range cases {
		if got := canonicalURI(c.sent); got != c.want {
			t.Errorf("canonicalURI(%q) = %q, want %q", c.sent, got, c.want)
		}
	}
}

// TestSignedHeaderValue covers the names Go's server keeps out of Header:
// the authority and the HTTP/2 pseudo-headers.
func TestSignedHeaderValue(t *testing.T) {
	r := &http.Request{Method: http.MethodPost, RequestURI: "/applications?sync", Host: "127.0.0.1:8484",
		URL: &url.URL{Path: "/applications", RawQuery: "sync"}, TransferEncoding: []string{"chunked"},
		Header: http.Header{"X-Amz-Meta": {" a  b ", "c"}, "Empty": {""}}}
	cases := []struct{ name, want string }{
		{"host", "127.0.0.1:8484"},
		{"Host", "127.0.0.1:8484"},
		{":authority", "127.0.0.1:8484"},
		{":method", "POST"},
		{":path", "/applications?sync"},
		{":scheme", "http"},
		{"transfer-encoding", "chunked"},
		{"x-amz-meta", "a b,c"},
		{"X-AMZ-META", "a b,c"},
		{"empty", ""},
		{"absent", ""},
	}
	for _, c := range cases {
		if got := signedHeaderValue(r, c.name); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	r.TLS = &tls.ConnectionState{}
	if got := signedHeaderValue(r, ":scheme"); got != "https" {
		t.Errorf(":scheme over TLS: %q", got)
	}
}

func TestRawPath(t *testing.T) {
	cases := []struct {
		requestURI, escapedPath, want string
	}{
		{"/a%2Fb?x=1", "", "/a%2Fb"},
		{"http://host:1/a/b?x=/y", "", "/a/b"},
		{"http://host?x=/y", "", "/"},
		{"", "/from%20url", "/from%20url"},
		{"*", "/", "/"},
	}
	for _, c := range cases {
		u, err := url.Parse(c.escapedPath)
		if err != nil {
			t.Fatal(err)
		}
		if got := rawPath(&http.Request{RequestURI: c.requestURI, URL: u}); got != c.want {
			t.Errorf("rawPath(%q) = %q, want %q", c.requestURI, got, c.want)
		}
	}
}
