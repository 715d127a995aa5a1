package qbusiness

import (
	"fmt"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Error codes of the Q Business model.
const (
	codeAccessDenied = "AccessDeniedException"
	codeConflict     = "ConflictException"
	codeNotFound     = "ResourceNotFoundException"
	codeValidation   = "ValidationException"
	codeQuota        = "ServiceQuotaExceededException"
	codeInternal     = "InternalServerException"
)

// ValidationException reasons.
const (
	reasonCannotParse = "CANNOT_PARSE"
	reasonField       = "FIELD_VALIDATION_FAILED"
	reasonUnknownOp   = "UNKNOWN_OPERATION"
)

// Messages AWS is known to send (AWS-BEHAVIOUR.md §6.1).
const (
	msgIdentityAware = "User ID must be null and identity-aware credentials must be passed for identity-center enabled applications"
	msgNotAuthorized = "User is not authorized for this service call."
	msgNoAnswer      = "Sorry, I could not find relevant information to complete your request."
)

func accessDenied(format string, args ...any) *wire.Error {
	return wire.Errorf(403, codeAccessDenied, format, args...)
}

func notFound(resourceType, id, format string, args ...any) *wire.Error {
	return wire.Errorf(404, codeNotFound, format, args...).With("resourceId", id).With("resourceType", resourceType)
}

func conflict(resourceType, id, format string, args ...any) *wire.Error {
	return wire.Errorf(409, codeConflict, format, args...).With("resourceId", id).With("resourceType", resourceType)
}

func quotaExceeded(resourceType, id, format string, args ...any) *wire.Error {
	return wire.Errorf(402, codeQuota, format, args...).With("resourceId", id).With("resourceType", resourceType)
}

// invalidField is a FIELD_VALIDATION_FAILED ValidationException naming one field.
func invalidField(field, format string, args ...any) *wire.Error {
	msg := fmt.Sprintf(format, args...)
	return wire.Errorf(400, codeValidation, "1 validation error detected: %s", msg).
		With("reason", reasonField).
		With("fields", []map[string]string{{"name": field, "message": msg}})
}

// invalid is a ValidationException without a field list.
func invalid(format string, args ...any) *wire.Error {
	return wire.Errorf(400, codeValidation, format, args...).With("reason", reasonField)
}

func appNotFound(account, id string) *wire.Error {
	return notFound("APPLICATION", id, "Application Id %s not found for Customer Id %s.", id, account)
}
