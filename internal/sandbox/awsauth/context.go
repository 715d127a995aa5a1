package awsauth

import (
	"errors"
	"fmt"
)

// ContextProviderARN is the only context provider STS accepts for trusted
// identity propagation.
const ContextProviderARN = "arn:aws:iam::aws:contextProvider/IdentityCenter"

const contextPurpose = "sts:identity_context"

// ErrExpiredContext reports a context assertion past its expiry.
var ErrExpiredContext = errors.New("identity context assertion expired")

// SealContext returns the opaque context assertion for ic, as sso-oidc
// CreateTokenWithIAM returns it in awsAdditionalDetails.identityContext and
// in the id token's sts:identity_context claim.
func (a *Authority) SealContext(ic IdentityContext) (string, error) {
	s, err := a.sealer.Seal(contextPurpose, ic)
	if err != nil {
		return "", fmt.Errorf("seal identity context: %w", err)
	}
	return s, nil
}

// OpenContext verifies a context assertion and returns its content. It fails
// with ErrUnsealable when the assertion was forged or altered and with
// ErrExpiredContext when it has expired.
func (a *Authority) OpenContext(assertion string) (IdentityContext, error) {
	var ic IdentityContext
	if err := a.sealer.Open(contextPurpose, assertion, &ic); err != nil {
		return IdentityContext{}, err
	}
	if !a.now().Before(ic.ExpiresAt) {
		return IdentityContext{}, ErrExpiredContext
	}
	return ic, nil
}
