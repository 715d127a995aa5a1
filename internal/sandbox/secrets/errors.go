package secrets

import (
	"encoding/json"
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Secrets Manager error codes; none has an httpError trait, so all are 400.
const (
	codeNotFound     = "ResourceNotFoundException"
	codeExists       = "ResourceExistsException"
	codeInvalidReq   = "InvalidRequestException"
	codeInvalidParam = "InvalidParameterException"
	codeValidation   = "ValidationException"
	codeInternal     = "InternalServiceError"
)

const (
	msgNotFound       = "Secrets Manager can't find the specified secret."
	msgMarkedDeletion = "You can't perform this operation on the secret because it was marked for deletion."
)

func clientErr(code, format string, args ...any) *wire.Error {
	return wire.Errorf(400, code, format, args...)
}

// writeError writes the awsJson1_1 error with the service's capitalised
// Message member.
func writeError(w http.ResponseWriter, r *http.Request, e *wire.Error) {
	body, _ := json.Marshal(map[string]string{"__type": e.Code, "Message": e.Message})
	wire.SetCommonHeaders(w, r)
	w.Header().Set("Content-Type", wire.ContentTypeAWSJSON11)
	w.Header().Set("x-amzn-ErrorType", e.Code)
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}
