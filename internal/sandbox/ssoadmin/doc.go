// Package ssoadmin emulates the IAM Identity Center admin API (sso-admin,
// awsJson1_1, X-Amz-Target SWBExternalService.<Op>): the instance, trusted
// token issuers, customer-managed applications and their grants,
// authentication methods, access scopes and assignment configuration. The
// Store is also what the sso-oidc emulator consults when it exchanges tokens.
package ssoadmin
