package cli

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

// TestExplainUnknownRegion: a well-formed Region with no AWS endpoint
// (us-east-9) fails the first call with a host that does not resolve;
// the hint names that host and the --region to check, where the bare
// error spoke only of DNS. A host that merely could not be reached gets
// no such hint, nor does a global endpoint's name (IAM's), which no
// Region is part of.
func TestExplainUnknownRegion(t *testing.T) {
	sdkErr := func(dns *net.DNSError) error {
		return &smithy.OperationError{ServiceID: "QBusiness", OperationName: "ListApplications",
			Err: fmt.Errorf("request send failed: %w", &url.Error{Op: "Get", URL: "https://qbusiness.us-east-9.api.aws/applications",
				Err: &net.OpError{Op: "dial", Net: "tcp", Err: dns}})}
	}
	notFound := sdkErr(&net.DNSError{Err: "no such host", Name: "qbusiness.us-east-9.api.aws", IsNotFound: true})
	hint := hintFor(explainAWS(fmt.Errorf("look up applications: %w", notFound)), true)
	for _, want := range []string{"qbusiness.us-east-9.api.aws", "--region", "--endpoint-url"} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint %q lacks %q", hint, want)
		}
	}
	timeout := sdkErr(&net.DNSError{Err: "i/o timeout", Name: "qbusiness.us-east-1.api.aws", IsTimeout: true})
	if hint := hintFor(explainAWS(timeout), true); strings.Contains(hint, "--region") {
		t.Errorf("a resolver timeout blamed on the region: %q", hint)
	}
	global := sdkErr(&net.DNSError{Err: "no such host", Name: "iam.amazonaws.com", IsNotFound: true})
	if hint := hintFor(explainAWS(global), true); strings.Contains(hint, "--region") {
		t.Errorf("an offline machine's failure to reach a global endpoint blamed on the region: %q", hint)
	}
	if err := explainAWS(notFound); !errors.Is(err, notFound) {
		t.Errorf("the hint lost the SDK's error: %v", err)
	}
}
