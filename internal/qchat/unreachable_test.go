package qchat

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// TestUnreachableEndpointFailsAtOnce: when the endpoint refuses the
// connection, a call is tried once (no SDK retries, no ChatSync fallback
// after the stream) and fails with ErrUnreachable naming the endpoint, not
// the SDK's "StatusCode: 0" chain.
func TestUnreachableEndpointFailsAtOnce(t *testing.T) {
	const endpoint = "http://127.0.0.1:9"
	calls := map[string]func(*Client) error{
		"ask":    func(c *Client) error { _, err := c.Ask(context.Background(), Question{Text: "hi"}); return err },
		"stream": func(c *Client) error { _, err := c.Stream(context.Background(), Question{Text: "hi"}, nil); return err },
		"list":   func(c *Client) error { _, err := c.Conversations(context.Background(), 0); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			var dials atomic.Int32
			refuse := smithyhttp.ClientDoFunc(func(r *http.Request) (*http.Response, error) {
				dials.Add(1)
				return nil, &url.Error{Op: r.Method, URL: r.URL.String(), Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
			})
			api := NewAPI(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), HTTPClient: refuse}, DefaultRetry)
			c := New(api, "app-1", credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""), Options{})
			err := call(c)
			if !errors.Is(err, ErrUnreachable) || !strings.HasPrefix(err.Error(), "cannot reach "+endpoint+" (") {
				t.Errorf("error %q, want ErrUnreachable naming %s", err, endpoint)
			}
			if strings.Contains(err.Error(), "StatusCode") || strings.Contains(err.Error(), "attempts") {
				t.Errorf("error %q carries the SDK's chain", err)
			}
			if n := dials.Load(); n != 1 {
				t.Errorf("%d connection attempts, want 1", n)
			}
		})
	}
}
