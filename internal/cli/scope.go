package cli

import (
	"fmt"
	"strings"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/config"
)

// scopeUsage is the help of --scope, for every command that takes it.
const scopeUsage = "narrow the credentials: a named scope (qbusiness:read, qbusiness:chat, qbusiness:user) or a JSON session policy"

// scope is what narrows the credentials of profile p: the --scope value,
// else the profile's qbiz_session_policy; tool names the command they are
// for (empty outside qbiz exec). Neither set is the zero scope.
func scope(p config.Profile, flag, tool string) (awscreds.Scope, error) {
	value := first(flag, p.SessionPolicy)
	if value == "" {
		return awscreds.Scope{}, nil
	}
	policy, err := awscreds.SessionPolicy(value, applicationARN(p))
	if err != nil {
		return awscreds.Scope{}, usageError{fmt.Errorf("scope: %w", err)}
	}
	return awscreds.Scope{Policy: policy, Tool: awscreds.ToolName(tool)}, nil
}

// applicationARN is the profile's Q Business application, in the role's
// partition and account; every application of the account when the
// profile names none.
func applicationARN(p config.Profile) string {
	partition, account := "aws", "*"
	if parts := strings.SplitN(first(p.RoleARN, p.IDCRoleARN), ":", 6); len(parts) == 6 {
		partition, account = parts[1], parts[4]
	}
	app := first(p.ApplicationID, "*")
	return fmt.Sprintf("arn:%s:qbusiness:%s:%s:application/%s", partition, first(p.Region, "*"), account, app)
}
