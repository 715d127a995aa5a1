package samlauth

import (
	"log/slog"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
)

// RolePair is one value of the AWS Role attribute: the role to assume and
// the IAM SAML provider that trusts this IdP.
type RolePair struct {
	RoleARN     string
	ProviderARN string
}

// Result is a verified sign-in.
type Result struct {
	// Assertion is the base64 SAMLResponse to pass to sts:AssumeRoleWithSAML
	// as SAMLAssertion. It is a bearer credential: never log it.
	Assertion string
	// Identity: Issuer = IdP entity ID, Subject = NameID, Email from
	// PrincipalTag:Email (else an e-mail-shaped RoleSessionName).
	Identity identity.Identity
	Roles    []RolePair
	// SessionNotOnOrAfter is the IdP session bound (zero when not given).
	SessionNotOnOrAfter time.Time
	// SessionDuration is the AWS SessionDuration attribute (zero when absent).
	SessionDuration time.Duration
	AssertionID     string
	// ExpiresAt is when the assertion stops being usable at STS.
	ExpiresAt time.Time
}

// LogValue keeps the assertion out of structured logs.
func (r *Result) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("issuer", r.Identity.Issuer), slog.String("subject", r.Identity.Subject),
		slog.String("assertion_id", r.AssertionID), slog.String("assertion", "REDACTED"))
}

// String keeps the assertion out of formatted output.
func (r *Result) String() string {
	return "samlauth.Result{subject=" + r.Identity.Subject + " assertion=REDACTED}"
}

func (sp *ServiceProvider) result(raw string, a *assertionData) (*Result, error) {
	roles := parseRoles(a.attrs[attrRole])
	if len(roles) == 0 {
		return nil, reject(ErrNoRole, "")
	}
	res := &Result{
		Assertion: raw,
		Identity: identity.Identity{
			Issuer: sp.idp.entityID, Subject: a.nameID,
			Email: email(a.attrs), Groups: a.attrs[attrGroups],
		},
		Roles: roles, SessionNotOnOrAfter: a.sessionNotOnOrAfter,
		SessionDuration: sessionDuration(a.attrs[attrSessionDuration]),
		AssertionID:     a.id, ExpiresAt: expiry(a),
	}
	return res, nil
}

func email(attrs map[string][]string) string {
	if v := attrs[attrEmailTag]; len(v) == 1 && v[0] != "" {
		return v[0]
	}
	if v := attrs[attrRoleSessionName]; len(v) == 1 && strings.Contains(v[0], "@") {
		return v[0]
	}
	return ""
}

func expiry(a *assertionData) time.Time {
	if a.subject.notOnOrAfter.Before(a.notOnOrAfter) {
		return a.subject.notOnOrAfter
	}
	return a.notOnOrAfter
}

// parseRoles reads "roleArn,providerArn" values in either order, as STS
// does; malformed values are skipped.
func parseRoles(values []string) []RolePair {
	var out []RolePair
	for _, v := range values {
		if p, ok := parseRole(v); ok {
			out = append(out, p)
		}
	}
	return out
}

func parseRole(v string) (RolePair, bool) {
	a, b, ok := strings.Cut(v, ",")
	if !ok || strings.Contains(b, ",") {
		return RolePair{}, false
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if isARN(b, ":role/") && isARN(a, ":saml-provider/") {
		a, b = b, a
	}
	if !isARN(a, ":role/") || !isARN(b, ":saml-provider/") {
		return RolePair{}, false
	}
	return RolePair{RoleARN: a, ProviderARN: b}, true
}

func isARN(s, resource string) bool {
	return strings.HasPrefix(s, "arn:") && strings.Contains(s, resource)
}

func sessionDuration(v []string) time.Duration {
	if len(v) != 1 {
		return 0
	}
	d, err := time.ParseDuration(strings.TrimSpace(v[0]) + "s")
	if err != nil || d <= 0 {
		return 0
	}
	return d
}
