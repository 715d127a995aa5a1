package wire_test

import (
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func sdkConfig(t *testing.T, h http.HandlerFunc) aws.Config {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return aws.Config{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIAEXAMPLEEXAMPLE00", "secret", ""),
		RetryMaxAttempts: 1,
	}
}

type callerIdentityResult struct {
	XMLName xml.Name `xml:"GetCallerIdentityResult"`
	Arn     string   `xml:"Arn"`
	UserID  string   `xml:"UserId"`
	Account string   `xml:"Account"`
}

// TestQueryShapesReadBySTSClient: the real STS client reads the result and
// error documents, including the request id.
func TestQueryShapesReadBySTSClient(t *testing.T) {
	cfg := sdkConfig(t, func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(wire.WithRequestID(r.Context(), "req-"+r.URL.Query().Get("x")))
		body, _ := wire.ReadBody(r.Body, wire.MaxBody)
		form, err := wire.ParseForm(body)
		if err != nil {
			wire.WriteQueryError(w, r, wire.STSNamespace, wire.AsError(err, "InternalFailure"))
			return
		}
		switch form.Get("Action") {
		case "GetCallerIdentity":
			wire.WriteQueryResult(w, r, wire.STSNamespace, "GetCallerIdentity",
				callerIdentityResult{Arn: "arn:aws:iam::123456789012:user/a&b", UserID: "AIDA1", Account: "123456789012"})
		case "AssumeRoleWithWebIdentity":
			wire.WriteQueryError(w, r, wire.STSNamespace, wire.Errorf(400, "InvalidIdentityToken", "No OpenIDConnect provider found in your account for <https://idp>"))
		default:
			wire.WriteQueryError(w, r, wire.STSNamespace, wire.Errorf(500, "ServiceFailure", "boom & bust"))
		}
	})
	client := sts.NewFromConfig(cfg)
	ctx := context.Background()
	out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Arn) != "arn:aws:iam::123456789012:user/a&b" || aws.ToString(out.UserId) != "AIDA1" || aws.ToString(out.Account) != "123456789012" {
		t.Fatalf("output %+v", out)
	}
	_, err = client.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String("arn:aws:iam::123456789012:role/r"), RoleSessionName: aws.String("s"), WebIdentityToken: aws.String("t")})
	var invalid *ststypes.InvalidIdentityTokenException
	if !errors.As(err, &invalid) || invalid.ErrorMessage() != "No OpenIDConnect provider found in your account for <https://idp>" {
		t.Fatalf("web identity error: %v", err)
	}
	assertStatusAndID(t, err, 400)
	_, err = client.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "ServiceFailure" || api.ErrorMessage() != "boom & bust" {
		t.Fatalf("generic error: %v", err)
	}
	assertStatusAndID(t, err, 500)
}

func assertStatusAndID(t *testing.T, err error, status int) {
	t.Helper()
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != status || re.ServiceRequestID() == "" {
		t.Fatalf("response error %v", err)
	}
}

// TestJSONShapesReadByQBusinessClient: the real Q Business client reads a
// typed error with extra members, and epoch timestamps.
func TestJSONShapesReadByQBusinessClient(t *testing.T) {
	created := time.Date(2025, 3, 14, 12, 30, 0, 500e6, time.UTC)
	cfg := sdkConfig(t, func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(wire.WithRequestID(r.Context(), "req-json"))
		switch r.URL.Path {
		case "/applications/app-1":
			wire.WriteJSON(w, r, wire.ContentTypeJSON, 200, map[string]any{
				"applicationId": "app-1", "displayName": "Q", "status": "ACTIVE", "createdAt": wire.Epoch(created)})
		default:
			wire.WriteJSONError(w, r, wire.ContentTypeJSON, wire.Errorf(404, "ResourceNotFoundException", "Application missing <&> not found").
				With("resourceId", "missing").With("resourceType", "application"))
		}
	})
	client := qbusiness.NewFromConfig(cfg)
	ctx := context.Background()
	out, err := client.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: aws.String("app-1")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.ApplicationId) != "app-1" || out.Status != qtypes.ApplicationStatusActive || !aws.ToTime(out.CreatedAt).Equal(created) {
		t.Fatalf("output %+v created %v", out, aws.ToTime(out.CreatedAt))
	}
	_, err = client.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: aws.String("missing")})
	var nf *qtypes.ResourceNotFoundException
	if !errors.As(err, &nf) || nf.ErrorMessage() != "Application missing <&> not found" ||
		aws.ToString(nf.ResourceId) != "missing" || aws.ToString(nf.ResourceType) != "application" {
		t.Fatalf("error %v", err)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != 404 || re.ServiceRequestID() != "req-json" {
		t.Fatalf("response error %v", err)
	}
}
