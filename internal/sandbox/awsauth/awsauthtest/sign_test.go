package awsauthtest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// TestAgreesWithSDKAndAWS checks the signer against the Go SDK's signer
// and AWS's published get-vanilla example, so tests that sign with it
// prove a verifier right, not merely consistent with itself.
func TestAgreesWithSDKAndAWS(t *testing.T) {
	at := time.Date(2025, 3, 14, 12, 30, 0, 0, time.UTC)
	creds := aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", SessionToken: "IQoJtoken"}
	body := `{"userMessage":"hi"}`
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:8484/applications/a%20b/conversations?sync&z=1", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, PayloadHash([]byte(body)), "qbusiness", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	c := Canonical{Method: "POST", URI: "/applications/a%2520b/conversations", Query: "sync=&z=1", Payload: PayloadHash([]byte(body)),
		Headers: [][2]string{{"content-length", "20"}, {"content-type", "application/json"}, {"host", "127.0.0.1:8484"},
			{"x-amz-date", "20250314T123000Z"}, {"x-amz-security-token", "IQoJtoken"}}}
	if got, want := c.Authorization(creds, "us-east-1", "qbusiness", at), req.Header.Get("Authorization"); got != want {
		t.Fatalf("Canonical signer:\n%s\nGo SDK signer:\n%s", got, want)
	}
	vanilla := Canonical{Method: "GET", URI: "/", Payload: PayloadHash(nil),
		Headers: [][2]string{{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}}}
	got := vanilla.Authorization(aws.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey},
		"us-east-1", "service", time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	if !strings.HasSuffix(got, "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31") {
		t.Fatalf("get-vanilla: %s", got)
	}
}
