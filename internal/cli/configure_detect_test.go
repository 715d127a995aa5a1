package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/awscreds"
)

// TestDetectFailure: each reason detection fails for is one short
// sentence, never the SDK's chain of attempts.
func TestDetectFailure(t *testing.T) {
	imds := errors.New("failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 403")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no credentials", fmt.Errorf("%w: %w", errNoAdminCredentials, imds), "no AWS credentials to read it with"},
		{"denied", fmt.Errorf("detect: %w", awscreds.ErrAccessDenied), "the credentials found may not call qbusiness:GetApplication"},
		{"unreachable", fmt.Errorf("detect: %w", awscreds.ErrServiceUnavailable), "Q Business could not be reached"},
		{"unsupported", fmt.Errorf("detect: %w", awscreds.ErrUnsupportedIdentityType), "its identity type is not one qbiz supports"},
		{"API error", fmt.Errorf("op: %w", &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "no such application"}),
			"ResourceNotFoundException: no such application"},
		{"other", imds, "GetApplication failed (run with -v for the details)"},
	}
	for _, tt := range tests {
		if got := detectFailure(tt.err); got != tt.want {
			t.Errorf("%s: detectFailure = %q, want %q", tt.name, got, tt.want)
		}
	}
}
