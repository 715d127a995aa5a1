package sts

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// call is one parsed STS request.
type call struct {
	form   url.Values
	action string
}

// accepted lists, per action, the parameters (exact names or list prefixes
// ending in ".") the sandbox reads.
var accepted = map[string][]string{
	"AssumeRoleWithWebIdentity": {"RoleArn", "RoleSessionName", "WebIdentityToken", "ProviderId", "DurationSeconds", "Policy"},
	"AssumeRoleWithSAML":        {"RoleArn", "PrincipalArn", "SAMLAssertion", "DurationSeconds", "Policy"},
	"AssumeRole": {"RoleArn", "RoleSessionName", "DurationSeconds", "ExternalId", "SourceIdentity", "Policy",
		"Tags.member.", "TransitiveTagKeys.member.", "ProvidedContexts.member."},
	"GetCallerIdentity": {},
}

// managedSessionPolicyParams name managed session policies, which the
// sandbox does not take (inline Policy it does).
var managedSessionPolicyParams = []string{"PolicyArns."}

// checkParams refuses parameters the action does not take: identity
// parameters on the federation calls (STS-03) must never be ignored.
func (c *call) checkParams() *wire.Error {
	for k := range c.form {
		if k == "Action" || k == "Version" || hasParam(accepted[c.action], k) {
			continue
		}
		if hasParam(managedSessionPolicyParams, k) {
			return wire.ValidationError("Managed session policies (PolicyArns) are not supported by the sandbox; pass an inline Policy.")
		}
		return wire.ValidationError("The parameter %s is not valid for the %s action.", k, c.action)
	}
	return nil
}

func hasParam(list []string, k string) bool {
	for _, p := range list {
		if k == p || (strings.HasSuffix(p, ".") && strings.HasPrefix(k, p)) {
			return true
		}
	}
	return false
}

func (c *call) required(name, member string, min, max int) (string, *wire.Error) {
	v := c.form.Get(name)
	if v == "" {
		return "", wire.Constraint("", member, "Member must not be null")
	}
	if len(v) < min {
		return "", wire.Constraint(v, member, "Member must have length greater than or equal to "+strconv.Itoa(min))
	}
	if len(v) > max {
		return "", wire.Constraint(truncate(v), member, "Member must have length less than or equal to "+strconv.Itoa(max))
	}
	return v, nil
}

func truncate(v string) string {
	if len(v) > 64 {
		return v[:64] + "..."
	}
	return v
}

var (
	roleARNRE     = lazyre.New(`^arn:aws:iam::(\d{12}):role/((?:[\x21-\x7e]*/)?)([\w+=,.@-]{1,64})$`)
	sessionNameRE = lazyre.New(`^[\w+=,.@-]*$`)
)

func (c *call) roleARN() (string, *wire.Error) {
	v, werr := c.required("RoleArn", "roleArn", 20, 2048)
	if werr != nil {
		return "", werr
	}
	if !roleARNRE().MatchString(v) {
		return "", wire.ValidationError("%s is invalid", v)
	}
	return v, nil
}

func (c *call) sessionName() (string, *wire.Error) {
	v, werr := c.required("RoleSessionName", "roleSessionName", 2, 64)
	if werr != nil {
		return "", werr
	}
	if !sessionNameRE().MatchString(v) {
		return "", wire.Constraint(v, "roleSessionName", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)
	}
	return v, nil
}

// duration returns DurationSeconds (default 3600) within 900..43200.
func (c *call) duration() (time.Duration, bool, *wire.Error) {
	v := c.form.Get("DurationSeconds")
	if v == "" {
		return time.Hour, false, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, false, wire.ValidationError("1 validation error detected: Value '%s' at 'durationSeconds' failed to satisfy constraint: Member must be a number", truncate(v))
	case n < 900:
		return 0, false, wire.Constraint(v, "durationSeconds", "Member must have value greater than or equal to 900")
	case n > 43200:
		return 0, false, wire.Constraint(v, "durationSeconds", "Member must have value less than or equal to 43200")
	}
	return time.Duration(n) * time.Second, true, nil
}

var errExceedsMax = wire.ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
