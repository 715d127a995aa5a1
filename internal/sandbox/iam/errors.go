package iam

import (
	"fmt"

	"github.com/qbiz/qbiz/internal/sandbox/policy"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func noSuchEntity(format string, args ...any) *wire.Error {
	return wire.Errorf(404, "NoSuchEntity", format, args...)
}

func alreadyExists(format string, args ...any) *wire.Error {
	return wire.Errorf(409, "EntityAlreadyExists", format, args...)
}

func deleteConflict(msg string) *wire.Error { return wire.Errorf(409, "DeleteConflict", "%s", msg) }

func invalidInput(format string, args ...any) *wire.Error {
	return wire.Errorf(400, "InvalidInput", format, args...)
}

func validationError(format string, args ...any) *wire.Error {
	return wire.Errorf(400, "ValidationError", format, args...)
}

// constraint is the AWS "1 validation error detected" message.
func constraint(value, member, rule string) *wire.Error {
	if value == "" {
		return validationError("1 validation error detected: Value null at '%s' failed to satisfy constraint: %s", member, rule)
	}
	return validationError("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, member, rule)
}

func malformed(err error) *wire.Error {
	msg := "Syntax errors in policy."
	if pe, ok := err.(*policy.Error); ok {
		msg = pe.Msg
	}
	return wire.Errorf(400, "MalformedPolicyDocument", "%s", msg)
}

func accessDenied(caller, action, resource string) *wire.Error {
	return wire.Errorf(403, "AccessDenied", "%s", fmt.Sprintf("User: %s is not authorized to perform: iam:%s on resource: %s", caller, action, resource))
}
