package qchat

import (
	"net/http"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// HTTPClient returns an SDK HTTP client for endpoint. Chat needs HTTP/2:
// over https the standard transport negotiates it; for an http:// endpoint
// (the sandbox) it speaks unencrypted HTTP/2 with prior knowledge.
func HTTPClient(endpoint string) *awshttp.BuildableClient {
	c := awshttp.NewBuildableClient()
	if !strings.HasPrefix(endpoint, "http://") {
		return c
	}
	return c.WithTransportOptions(func(tr *http.Transport) {
		tr.Protocols = new(http.Protocols)
		tr.Protocols.SetUnencryptedHTTP2(true)
	})
}
