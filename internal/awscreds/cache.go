package awscreds

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Cache wraps p so that credentials are reused until window before they
// expire and concurrent callers share one refresh (the SDK cache runs a
// single retrieval at a time). Use one cache per user provider; never put
// a user's cache on a shared aws.Config. The credentials it returns report
// Expires brought forward by window, so credential_process output built
// from them makes the AWS CLI and SDKs come back before the real expiry.
func Cache(p aws.CredentialsProvider, window time.Duration) *aws.CredentialsCache {
	return aws.NewCredentialsCache(p, func(o *aws.CredentialsCacheOptions) {
		o.ExpiryWindow = window
	})
}
