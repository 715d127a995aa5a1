package sandboxtest

import "github.com/aws/aws-sdk-go-v2/aws"

// Config is an SDK configuration for the sandbox served at endpoint: it
// signs with creds (anonymous when nil), sends through hc (the sandbox's
// h2c client, or a wrapper around it) and makes every call once.
func Config(region, endpoint string, hc aws.HTTPClient, creds aws.CredentialsProvider) aws.Config {
	if creds == nil {
		creds = aws.AnonymousCredentials{}
	}
	return aws.Config{Region: region, BaseEndpoint: aws.String(endpoint), Credentials: creds, HTTPClient: hc, RetryMaxAttempts: 1}
}
