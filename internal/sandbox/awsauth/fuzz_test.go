package awsauth

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func FuzzParseAuthorization(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIAX/20250314/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd")
	f.Add("AWS4-HMAC-SHA256 Credential=AKIAX/20250314/us-east-1/sts/aws4_request,SignedHeaders=host,Signature=")
	f.Add("AWS4-HMAC-SHA256 Signature=ab, Credential=a/b/c/d/e/f, SignedHeaders=;;")
	f.Add("AWS4-HMAC-SHA256 ")
	f.Add("Bearer x")
	f.Add("AWS4-HMAC-SHA256 ,,,=,==,Credential==/////")
	f.Fuzz(func(t *testing.T, v string) {
		h, msg := parseAuthorization(v)
		if msg != "" {
			return
		}
		if h.signature == "" || len(h.signedHeaders) == 0 {
			t.Fatalf("parsed without signature or signed headers: %+v", h)
		}
		if redacted := redactSignature(v); strings.Contains(redacted, "Signature="+h.signature) && h.signature != "REDACTED" {
			t.Fatalf("signature survives redaction: %q", redacted)
		}
	})
}

// FuzzVerify feeds arbitrary SigV4 headers, paths and bodies to Verify: it
// must never panic, must return exactly one outcome and must only ever use
// the authentication error vocabulary.
func FuzzVerify(f *testing.F) {
	c := newClock(t0)
	a := newTestAuthority(f, c)
	admin := a.NewLongTermKey(userPrincipal())
	sess, err := a.Mint(rolePrincipal("mary@example.com"), time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	for _, creds := range []Credentials{admin, sess} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://sandbox.test/?sync", bytes.NewReader([]byte("a=1")))
		sign(f, req, creds.SDK(), hashHex([]byte("a=1")), "sts", "us-east-1", t0)
		f.Add(req.Header.Get("Authorization"), req.Header.Get("X-Amz-Date"), req.Header.Get("X-Amz-Security-Token"), "", "/?sync", "a=1", uint8(0))
	}
	f.Add("AWS4-HMAC-SHA256 Credential=ASIAX/20250314/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00",
		"20250314T123000Z", "IQoJ", StreamingPayload, "/%zz", "", uint8(1))
	f.Add("", "", "", "", "/", "", uint8(2))
	known := map[string]bool{}
	for _, fam := range families {
		for _, code := range fam.codes {
			known[code] = true
		}
	}
	f.Fuzz(func(t *testing.T, authz, date, token, sha, target, body string, flags uint8) {
		u, err := url.Parse("http://sandbox.test" + target)
		if err != nil {
			return
		}
		req := &http.Request{Method: http.MethodPost, URL: u, Host: "sandbox.test", Header: http.Header{}, ContentLength: int64(len(body))}
		for k, v := range map[string]string{"Authorization": authz, "X-Amz-Date": date, "X-Amz-Security-Token": token, "X-Amz-Content-Sha256": sha} {
			if v != "" {
				req.Header.Set(k, v)
			}
		}
		want := Request{Family: Family(flags & 1), Service: "sts", Region: "us-east-1", Body: []byte(body), AllowStreaming: flags&2 != 0}
		v, werr := a.Verify(req, want)
		if (v == nil) == (werr == nil) {
			t.Fatalf("verified %v and error %v", v, werr)
		}
		if werr != nil && (!known[werr.Code] || (werr.Status != 400 && werr.Status != 403)) {
			t.Fatalf("unexpected error %v", werr)
		}
	})
}
