package sandbox_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/awsauth/awsauthtest"
)

// TestAuthoritySignedCallsOverHTTP2 sends Q Business calls to the sandbox
// as the AWS SDK for JavaScript v3 does: over HTTP/2, signed with the
// :authority pseudo-header in place of host. They are served (the first
// one subscribes the user, as Q Business does); the same call with its path
// changed after signing is refused as AWS refuses it.
func TestAuthoritySignedCallsOverHTTP2(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	creds, err := w.oidcCreds(t, mary).Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	appID := w.app(t, "oidc").ApplicationID
	at := time.Now().UTC()
	path := "/applications/" + appID + "/conversations"
	c := awsauthtest.Canonical{Method: http.MethodGet, URI: path, Payload: awsauthtest.PayloadHash(nil), Headers: [][2]string{
		{":authority", strings.TrimPrefix(w.sb.URL, "http://")},
		{"amz-sdk-invocation-id", "0b5f2a62-4d1e-4c3a-9d53-0c2a6c1f7e11"},
		{"amz-sdk-request", "attempt=1; max=1"},
		{"x-amz-date", at.Format("20060102T150405Z")},
		{"x-amz-security-token", creds.SessionToken},
		{"x-amz-user-agent", "aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0 api/qbusiness#3.700.0"},
	}}
	authz := c.Authorization(creds, sandbox.Region, "qbusiness", at)
	for _, tc := range []struct {
		name, path, code string
		status           int
	}{
		{"first call", path, "AccessDeniedException", http.StatusForbidden},
		{"as signed", path, "", http.StatusOK},
		{"path changed", "/applications/" + appID + "/conversations/", "InvalidSignatureException", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, w.sb.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range c.Headers[1:] {
				req.Header.Set(h[0], h[1])
			}
			req.Header.Set("Authorization", authz)
			resp, err := w.sb.HTTPClient().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.ProtoMajor != 2 {
				t.Fatalf("answered over %s, want HTTP/2", resp.Proto)
			}
			if resp.StatusCode != tc.status || resp.Header.Get("X-Amzn-ErrorType") != tc.code {
				t.Fatalf("status %d %s: %s, want %d %q", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body, tc.status, tc.code)
			}
		})
	}
}
