package awscreds

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/identity"
)

type fakeApps struct {
	identityType types.IdentityType
	err          error
	asked        string
}

func (f *fakeApps) GetApplication(_ context.Context, in *qbusiness.GetApplicationInput, _ ...func(*qbusiness.Options)) (*qbusiness.GetApplicationOutput, error) {
	f.asked = aws.ToString(in.ApplicationId)
	if f.err != nil {
		return nil, f.err
	}
	return &qbusiness.GetApplicationOutput{IdentityType: f.identityType}, nil
}

func TestDetectMode(t *testing.T) {
	tests := []struct {
		name    string
		apps    *fakeApps
		want    identity.Mode
		wantErr error
	}{
		{"oidc", &fakeApps{identityType: types.IdentityTypeAwsIamIdpOidc}, identity.ModeOIDC, nil},
		{"saml", &fakeApps{identityType: types.IdentityTypeAwsIamIdpSaml}, identity.ModeSAML, nil},
		{"idc", &fakeApps{identityType: types.IdentityTypeAwsIamIdc}, identity.ModeIDC, nil},
		{"anonymous", &fakeApps{identityType: types.IdentityTypeAnonymous}, "", ErrUnsupportedIdentityType},
		{"quicksight", &fakeApps{identityType: types.IdentityTypeAwsQuicksightIdp}, "", ErrUnsupportedIdentityType},
		{"absent", &fakeApps{}, "", ErrUnsupportedIdentityType},
		{"denied", &fakeApps{err: apiError("AccessDeniedException", "no")}, "", ErrAccessDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DetectMode(context.Background(), tt.apps, "app-1")
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Fatalf("DetectMode = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
			if tt.apps.asked != "app-1" {
				t.Errorf("asked for %q", tt.apps.asked)
			}
		})
	}
}
