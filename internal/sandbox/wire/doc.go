// Package wire holds the sandbox's protocol plumbing shared by every emulated
// AWS service: request ids, bounded body reads, and the error and result
// shapes of awsQuery (STS, IAM), awsJson1_1 (sso-admin, Secrets Manager) and
// restJson1 (Q Business, sso-oidc).
package wire
