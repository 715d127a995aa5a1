package awscreds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/qbiz/qbiz/internal/identity"
)

const jwtCanary = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlY2FuYXJ5"

func opError(op string, err error) error {
	return &smithy.OperationError{ServiceID: "STS", OperationName: op, Err: err}
}

func apiError(code, msg string) error {
	return opError("AssumeRoleWithWebIdentity", &smithy.GenericAPIError{Code: code, Message: msg})
}

func statusError(status int) error {
	return opError("AssumeRole", &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: errors.New("boom")}})
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"invalid identity token", apiError("InvalidIdentityToken", "Couldn't verify signature of "+jwtCanary), ErrInvalidIdentityToken},
		{"typed invalid identity token", opError("AssumeRoleWithWebIdentity", &types.InvalidIdentityTokenException{Message: stringp("bad")}), ErrInvalidIdentityToken},
		{"sso-oidc invalid grant", apiError("InvalidGrantException", "Invalid grant provided"), ErrInvalidIdentityToken},
		{"rejected claim", apiError("IDPRejectedClaim", "claim"), ErrIDPRejectedClaim},
		{"trust policy", apiError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"), ErrAccessDenied},
		{"expired token", apiError("ExpiredTokenException", "Token is expired"), ErrExpiredToken},
		{"clock skew", apiError("RequestExpired", "Request has expired"), ErrClockSkew},
		{"throttled", apiError("Throttling", "Rate exceeded"), ErrThrottled},
		{"idp communication", apiError("IDPCommunicationError", "jwks"), ErrServiceUnavailable},
		{"5xx without code", statusError(503), ErrServiceUnavailable},
		{"429 without code", statusError(429), ErrThrottled},
		{"network", opError("AssumeRole", &net.OpError{Op: "dial", Err: errors.New("connection refused")}), ErrServiceUnavailable},
		{"validation", apiError("ValidationError", "1 validation error"), ErrInvalidRequest},
		{"invalid client", apiError("InvalidClientException", "Invalid client"), ErrInvalidClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.err)
			if !errors.Is(got, tt.want) {
				t.Fatalf("Classify = %v, want %v", got, tt.want)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("the SDK error is no longer reachable")
			}
			if strings.Contains(got.Error(), jwtCanary) {
				t.Errorf("message leaks the token: %s", got)
			}
		})
	}
}

func TestClassifyLeavesOthersAlone(t *testing.T) {
	plain := errors.New("something else")
	tests := []struct {
		name string
		err  error
	}{
		{"nil", nil},
		{"unknown", plain},
		{"unknown code", apiError("SomethingNew", "x")},
		{"canceled", context.Canceled},
		{"reauth", fmt.Errorf("get id token: %w", identity.ErrReauthRequired)},
		{"already classified", Classify(apiError("AccessDenied", "x"))},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.err {
			t.Errorf("%s: Classify = %v, want it unchanged", tt.name, got)
		}
	}
}

func stringp(s string) *string { return &s }
