// Package sts emulates AWS STS for the sandbox (awsQuery, Version
// 2011-06-15): AssumeRoleWithWebIdentity and AssumeRoleWithSAML (served
// anonymously, as AWS does), AssumeRole with ProvidedContexts (trusted
// identity propagation) and GetCallerIdentity.
//
// It is as strict as STS: web identity tokens are verified against the
// issuer's JWKS (fetched through OIDC discovery, like AWS does) and the IAM
// OIDC provider registered for the exact iss; SAML responses are verified
// with goxmldsig against the IAM SAML provider's metadata certificate, and
// only the verified assertion is read; role trust policies are evaluated for
// every action the call implies (sts:TagSession, sts:SetContext,
// sts:SetSourceIdentity). Identity parameters STS does not accept on the
// federation calls (Tags, TransitiveTagKeys, SourceIdentity,
// ProvidedContexts) are refused rather than ignored.
//
// An inline session policy (Policy, on all three assume calls) is checked
// as STS does (2048 characters, the character set, the policy grammar, the
// packed size with the session tags) and sealed into the session; IAM then
// allows a call only when the role's policies and the session policy both
// allow it.
//
// Sandbox choices: managed session policies (PolicyArns) are refused with
// a ValidationError; the packed size is the compressed policy plus the
// tags' characters against 2048; the web identity Provider output is the
// IAM OIDC provider ARN.
package sts
