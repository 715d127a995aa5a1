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
// Sandbox choices: session policies (Policy, PolicyArns) are refused with a
// ValidationError, and the web identity Provider output is the IAM OIDC
// provider ARN.
package sts
