package awscreds

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// Source names set on the credentials each provider returns.
const (
	SourceWebIdentity    = "qbiz:WebIdentity"
	SourceSAML           = "qbiz:SAML"
	SourceIdentityCenter = "qbiz:IdentityCenter"
)

// fromSTS converts an STS credentials result, refusing incomplete ones.
func fromSTS(c *types.Credentials, user *types.AssumedRoleUser, source string) (aws.Credentials, error) {
	if c == nil || aws.ToString(c.AccessKeyId) == "" || aws.ToString(c.SecretAccessKey) == "" ||
		aws.ToString(c.SessionToken) == "" || c.Expiration == nil {
		return aws.Credentials{}, fmt.Errorf("%w: incomplete credentials", ErrInvalidResponse)
	}
	return aws.Credentials{
		AccessKeyID:     aws.ToString(c.AccessKeyId),
		SecretAccessKey: aws.ToString(c.SecretAccessKey),
		SessionToken:    aws.ToString(c.SessionToken),
		Source:          source,
		CanExpire:       true,
		Expires:         *c.Expiration,
		AccountID:       accountID(user),
	}, nil
}

// accountID is the fifth field of the assumed-role ARN.
func accountID(u *types.AssumedRoleUser) string {
	if u == nil {
		return ""
	}
	parts := strings.SplitN(aws.ToString(u.Arn), ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}
