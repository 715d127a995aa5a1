package identity

import (
	"fmt"
	"strings"
)

// Mode names one of the three ways qbiz turns an IdP sign-in into AWS
// credentials.
type Mode string

// The supported modes.
const (
	// ModeOIDC is IAM federation with an OIDC ID token
	// (sts:AssumeRoleWithWebIdentity).
	ModeOIDC Mode = "oidc"
	// ModeSAML is IAM federation with a SAML response
	// (sts:AssumeRoleWithSAML).
	ModeSAML Mode = "saml"
	// ModeIDC is IAM Identity Center trusted identity propagation
	// (sso-oidc:CreateTokenWithIAM, then sts:AssumeRole with an identity
	// context).
	ModeIDC Mode = "idc"
)

// Modes lists every supported mode in a stable order.
func Modes() []Mode { return []Mode{ModeOIDC, ModeSAML, ModeIDC} }

// ParseMode accepts a mode name, ignoring case and surrounding space.
func ParseMode(s string) (Mode, error) {
	m := Mode(strings.ToLower(strings.TrimSpace(s)))
	if m.Valid() {
		return m, nil
	}
	return "", fmt.Errorf("unknown mode %q (want oidc, saml or idc)", s)
}

// Valid reports whether m is one of the supported modes.
func (m Mode) Valid() bool {
	switch m {
	case ModeOIDC, ModeSAML, ModeIDC:
		return true
	}
	return false
}

// String returns the mode's configuration name.
func (m Mode) String() string { return string(m) }
