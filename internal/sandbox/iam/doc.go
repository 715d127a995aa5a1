// Package iam emulates the parts of AWS IAM the sandbox needs: OpenID
// Connect and SAML identity providers, roles with trust and permission
// policies, customer and AWS managed policies, and minimal users. Store
// holds the state (mutex-guarded, snapshot-able) and answers the questions
// other services ask (which role, which provider, is this principal allowed
// this action); NewHandler serves the awsQuery API (Version 2010-05-08) with
// IAM's error codes and messages.
//
// Every IAM call is authorised: the caller's own policies must allow
// iam:<Action> (the sandbox admin user has AdministratorAccess).
//
// Sandbox relaxation: IAM requires OIDC provider URLs to use https. The
// sandbox also accepts http:// URLs whose host is a loopback address
// (127.0.0.1, localhost, [::1]) with an explicit port, and https:// URLs on
// a loopback port (its TLS mode), so its own local identity provider can be
// registered. Every other AWS URL rule (no port on non-loopback
// https URLs, no query or fragment, case-sensitive, no normalisation, unique)
// still applies. Such a provider's ARN spells the port's colon (and drops
// IPv6 brackets) as an underscore, e.g. oidc-provider/127.0.0.1_8484/idp/oidc,
// so it still fits the ARN pattern; trust-policy condition keys keep the URL
// form (127.0.0.1:8484/idp/oidc:aud).
package iam
