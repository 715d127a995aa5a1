package awscreds

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// unsigned forces a federation call to go out without a signature,
// whatever credentials the client was built with: AssumeRoleWithWebIdentity
// and AssumeRoleWithSAML authenticate with the token or assertion alone,
// and an ambient key must never be attached to a user's exchange.
func unsigned(o *sts.Options) {
	o.Credentials = aws.AnonymousCredentials{}
}

// retryIDPCommunication retries STS's IDPCommunicationError, a transient
// failure to reach the IdP's keys. InvalidIdentityToken is not retried: a
// rejected token stays rejected.
func retryIDPCommunication(o *sts.Options) {
	if o.Retryer != nil {
		o.Retryer = retry.AddWithErrorCodes(o.Retryer, "IDPCommunicationError")
	}
}
