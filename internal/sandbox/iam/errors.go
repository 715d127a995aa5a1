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
