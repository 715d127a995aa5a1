package gatetest

import (
	"fmt"
	"net/http"
	"testing"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestAPIError(t *testing.T) {
	api := &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "gone"}
	tests := []struct {
		name       string
		err        error
		wantStatus int
	}{
		{"with response", fmt.Errorf("op: %w", &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 404}}, Err: api}), 404},
		{"without response", fmt.Errorf("op: %w", api), 0},
	}
	for _, tt := range tests {
		code, status, msg := APIError(t, tt.err)
		if code != "ResourceNotFoundException" || status != tt.wantStatus || msg != "gone" {
			t.Errorf("%s: got %s %d %q", tt.name, code, status, msg)
		}
	}
}
