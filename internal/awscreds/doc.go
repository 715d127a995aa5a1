// Package awscreds turns a verified sign-in into identity-aware AWS
// credentials, one aws.CredentialsProvider per credential path:
//
//   - NewWebIdentityProvider: an OIDC ID token →
//     sts:AssumeRoleWithWebIdentity (unsigned).
//   - NewSAMLProvider: a SAML response → sts:AssumeRoleWithSAML (unsigned).
//   - NewIdentityCenterProvider: an OIDC ID token →
//     sso-oidc:CreateTokenWithIAM (signed with the application's own
//     credentials) → a verified Identity Center id token and its identity
//     context → sts:AssumeRole with ProvidedContexts.
//
// Each provider serves exactly one user: the first verified identity it
// sees is pinned, and a token source that later returns somebody else
// fails the call. Providers never fall back to ambient or default
// credentials: the federation calls are forced anonymous whatever client
// they are given. Wrap a provider with Cache so that refresh happens ahead
// of expiry, one caller at a time.
//
// SDK errors are classified once, here (Classify), into sentinels callers
// branch on; messages name the role or application but never a token,
// assertion or key. MarshalProcess renders credentials as the JSON the AWS
// credential_process setting expects.
package awscreds
