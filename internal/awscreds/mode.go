package awscreds

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/identity"
)

// ApplicationAPI is the Q Business operation DetectMode uses.
type ApplicationAPI interface {
	GetApplication(ctx context.Context, in *qbusiness.GetApplicationInput, optFns ...func(*qbusiness.Options)) (*qbusiness.GetApplicationOutput, error)
}

// DetectMode reads a Q Business application's identity type and returns
// the credential path it needs.
func DetectMode(ctx context.Context, client ApplicationAPI, appID string) (identity.Mode, error) {
	out, err := client.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: aws.String(appID)})
	if err != nil {
		return "", fmt.Errorf("detect mode of application %s: %w", appID, Classify(err))
	}
	m, err := ModeOf(out.IdentityType)
	if err != nil {
		return "", fmt.Errorf("detect mode of application %s: %w", appID, err)
	}
	return m, nil
}

// ModeOf maps a Q Business identity type to a credential path.
func ModeOf(t types.IdentityType) (identity.Mode, error) {
	switch t {
	case types.IdentityTypeAwsIamIdpOidc:
		return identity.ModeOIDC, nil
	case types.IdentityTypeAwsIamIdpSaml:
		return identity.ModeSAML, nil
	case types.IdentityTypeAwsIamIdc:
		return identity.ModeIDC, nil
	}
	return "", fmt.Errorf("%w %q", ErrUnsupportedIdentityType, t)
}
