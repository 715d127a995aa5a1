// Package demo tells qbiz's story end to end on an embedded sandbox: two
// people sign in at the same identity provider through the real flows (OIDC
// with PKCE, SAML, IAM Identity Center), ask Amazon Q Business the same
// questions with their own credentials, and get different answers, each from
// the documents that person may read.
package demo
