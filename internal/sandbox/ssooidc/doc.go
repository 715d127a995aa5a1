// Package ssooidc emulates the IAM Identity Center OIDC service's
// CreateTokenWithIAM (restJson1, POST /token?aws_iam=t, SigV4 "sso-oauth"):
// it exchanges a trusted token issuer's JWT (jwt-bearer grant) or one of its
// own refresh tokens for Identity Center tokens whose id token carries the
// sealed sts:identity_context assertion that STS AssumeRole accepts.
package ssooidc
