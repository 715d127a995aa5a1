package awscreds

import (
	"errors"

	"github.com/qbiz/qbiz/internal/identity"
)

// Sentinel errors. Providers return them wrapped (test with errors.Is);
// the original SDK error stays reachable with errors.As.
var (
	// ErrInvalidIdentityToken: AWS rejected the ID token, assertion or
	// grant (signature, issuer, audience, expiry or replay).
	ErrInvalidIdentityToken = errors.New("identity token rejected by AWS")
	// ErrIDPRejectedClaim: the IdP or STS refused a claim of the token
	// (for example a missing or malformed principal tag).
	ErrIDPRejectedClaim = errors.New("identity provider claim rejected")
	// ErrAccessDenied: the role's trust policy, a permission policy or
	// the Identity Center application refused the caller.
	ErrAccessDenied = errors.New("access denied")
	// ErrExpiredToken: the token, assertion or credentials had expired.
	ErrExpiredToken = identity.NeedsSignIn("token expired")
	// ErrClockSkew: the local clock differs too much from AWS.
	ErrClockSkew = errors.New("clock skew too large")
	// ErrThrottled: AWS throttled the request; retry later.
	ErrThrottled = errors.New("request throttled")
	// ErrServiceUnavailable: AWS or the IdP could not be reached or
	// failed; retry later.
	ErrServiceUnavailable = errors.New("service unavailable")
	// ErrInvalidRequest: AWS refused the request's parameters (a
	// configuration problem: role ARN, duration, scopes).
	ErrInvalidRequest = errors.New("invalid request")
	// ErrInvalidClient: the Identity Center application is unknown or
	// lacks the grant (a configuration problem).
	ErrInvalidClient = errors.New("identity center application rejected")
	// ErrInvalidResponse: AWS answered without usable credentials or with
	// a token that failed local verification.
	ErrInvalidResponse = errors.New("invalid response from AWS")
	// ErrUserMismatch: the identity behind a token or Identity Center
	// user is not the user this provider serves.
	ErrUserMismatch = identity.NeedsSignIn("identity does not match the signed-in user")
	// ErrUnsupportedIdentityType: a Q Business application uses an
	// identity type qbiz does not support.
	ErrUnsupportedIdentityType = errors.New("unsupported identity type")
)
