package ssoadmin

import "github.com/qbiz/qbiz/internal/sandbox/wire"

// The sso-admin error vocabulary and statuses (AWS-BEHAVIOUR.md §0.3). The
// service writes the message member lowercase, as the real one does.
func errValidation(format string, args ...any) *wire.Error {
	return wire.Errorf(400, "ValidationException", format, args...)
}

func errNotFound(format string, args ...any) *wire.Error {
	return wire.Errorf(404, "ResourceNotFoundException", format, args...)
}

func errConflict(format string, args ...any) *wire.Error {
	return wire.Errorf(409, "ConflictException", format, args...)
}

func errQuota(format string, args ...any) *wire.Error {
	return wire.Errorf(402, "ServiceQuotaExceededException", format, args...)
}

func errAccessDenied(format string, args ...any) *wire.Error {
	return wire.Errorf(403, "AccessDeniedException", format, args...)
}

func errAppNotFound(arn string) *wire.Error {
	return errNotFound("Application %s does not exist", arn)
}

func errTTINotFound(arn string) *wire.Error {
	return errNotFound("TrustedTokenIssuer %s does not exist", arn)
}
