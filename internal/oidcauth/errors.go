package oidcauth

import (
	"errors"

	"github.com/qbiz/qbiz/internal/identity"
)

// Decisions callers make.
var (
	// ErrInvalidGrant: the code or refresh token was refused; sign in
	// again (it matches identity.ErrReauthRequired). A refreshed ID token
	// naming another issuer or subject is identity.ErrIdentityChanged.
	ErrInvalidGrant = identity.NeedsSignIn("the identity provider refused the grant; sign in again")
	// ErrIdPUnreachable: the IdP could not be reached or answered 5xx; retry later.
	ErrIdPUnreachable = errors.New("the identity provider is unreachable")
	// ErrDiscovery: the provider metadata is unusable.
	ErrDiscovery = errors.New("invalid provider metadata")
	// ErrIssuerMismatch: metadata or an authorization response names another issuer (mix-up).
	ErrIssuerMismatch = errors.New("issuer mismatch")
	// ErrStateMismatch: the callback does not belong to this login attempt.
	ErrStateMismatch = errors.New("the sign-in response does not belong to this login attempt")
	// ErrTransactionReplayed: this login attempt was already completed or tried.
	ErrTransactionReplayed = errors.New("this login attempt was already used")
	// ErrTransactionExpired: the login attempt is too old; start again.
	ErrTransactionExpired = errors.New("the login attempt expired; start again")
	// ErrInvalidCallback: the callback parameters are malformed.
	ErrInvalidCallback = errors.New("malformed sign-in response")
	// ErrAccessDenied: the person or the IdP declined the sign-in.
	ErrAccessDenied = errors.New("the sign-in was denied at the identity provider")
	// ErrAuthorizationFailed: the IdP returned another authorization error.
	ErrAuthorizationFailed = errors.New("the identity provider returned an error")
	// ErrDeviceCodeExpired: the device code expired before the person approved it.
	ErrDeviceCodeExpired = errors.New("the device code expired before sign-in completed")
	// ErrUnsupported: the provider does not advertise the endpoint needed.
	ErrUnsupported = errors.New("not supported by the identity provider")
)

// ID token rejections. Every one is also ErrInvalidIDToken.
var (
	ErrInvalidIDToken = errors.New("invalid ID token")
	ErrSignature      = errors.New("signature not valid with the provider's keys")
	ErrTokenIssuer    = errors.New("wrong issuer")
	ErrAudience       = errors.New("not issued to this client")
	ErrNonce          = errors.New("nonce does not match this login")
	ErrSubject        = errors.New("missing subject")
	ErrTokenTime      = errors.New("outside its validity window")
	// ErrAuthTime: max_age was requested and the token's auth_time is
	// missing or older (the sign-in at the IdP must be repeated).
	ErrAuthTime  = errors.New("the sign-in at the identity provider is missing its time or older than max_age")
	ErrNoIDToken = errors.New("no ID token in the token response")
)
