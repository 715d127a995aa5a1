package samlauth

import (
	"errors"
	"fmt"
)

// Sentinel errors for decisions callers make. Every rejection of a
// SAMLResponse wraps ErrInvalidResponse and, where one applies, a more
// specific sentinel below.
var (
	// ErrInvalidResponse: the SAMLResponse was refused; sign in again.
	ErrInvalidResponse = errors.New("the SAML response was refused")
	// ErrMalformed: the response is not acceptable XML or SAML structure.
	ErrMalformed = errors.New("malformed SAML response")
	// ErrTooLarge: the response exceeds the size limit.
	ErrTooLarge = errors.New("SAML response too large")
	// ErrSignature: no signature, or one that does not verify with the IdP metadata keys.
	ErrSignature = errors.New("signature not valid with the IdP's metadata certificates")
	// ErrEncryptedAssertion: encrypted assertions are not supported.
	ErrEncryptedAssertion = errors.New("encrypted assertions are not supported; configure the IdP to send a signed, unencrypted assertion")
	// ErrWrongIssuer: Response or Assertion Issuer is not the IdP entity ID.
	ErrWrongIssuer = errors.New("issuer is not the configured IdP")
	// ErrWrongDestination: Destination is not our ACS URL.
	ErrWrongDestination = errors.New("destination is not this sign-in's ACS URL")
	// ErrWrongAudience: the Recipient is not the AWS sign-in endpoint, or the
	// Audience is none STS accepts.
	ErrWrongAudience = errors.New("the assertion is not addressed to AWS (Audience or Recipient)")
	// ErrInResponseTo: the response does not answer this login's AuthnRequest.
	ErrInResponseTo = errors.New("the response does not answer this sign-in request")
	// ErrRelayState: the RelayState does not belong to this login.
	ErrRelayState = errors.New("RelayState does not match this sign-in")
	// ErrExpired: the assertion, its session or the sign-in request has expired.
	ErrExpired = errors.New("expired")
	// ErrNotYetValid: the assertion is not valid yet (check the clocks).
	ErrNotYetValid = errors.New("not yet valid; check this computer's clock")
	// ErrReplay: the assertion or the sign-in request was already used.
	ErrReplay = errors.New("already used")
	// ErrStatus: the IdP answered with a non-success status.
	ErrStatus = errors.New("the IdP reported the sign-in as failed")
	// ErrNoRole: the assertion carries no usable AWS Role attribute.
	ErrNoRole = errors.New("the assertion names no AWS role; ask the IdP administrator to add the Role attribute")
	// ErrMetadata: the IdP metadata is unusable.
	ErrMetadata = errors.New("invalid IdP metadata")
)

// reject builds a response rejection wrapping ErrInvalidResponse and kind.
// detail must never contain response or assertion text.
func reject(kind error, detail string) error {
	if detail == "" {
		return fmt.Errorf("%w: %w", ErrInvalidResponse, kind)
	}
	return fmt.Errorf("%w: %w: %s", ErrInvalidResponse, kind, detail)
}
