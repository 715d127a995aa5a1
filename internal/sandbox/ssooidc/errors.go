package ssooidc

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// oauthError is an sso-oidc error: OAuth-style body, exception name only in
// x-amzn-ErrorType (AWS-BEHAVIOUR.md §0.2).
type oauthError struct {
	Status      int
	Exception   string
	Code        string
	Description string
}

func (e *oauthError) Error() string {
	return fmt.Sprintf("%s (%s): %s", e.Exception, e.Code, e.Description)
}

func newErr(status int, exception, code, format string, args ...any) *oauthError {
	return &oauthError{Status: status, Exception: exception, Code: code, Description: fmt.Sprintf(format, args...)}
}

func errInvalidGrant(format string, args ...any) *oauthError {
	return newErr(400, "InvalidGrantException", "invalid_grant", format, args...)
}

func errInvalidRequest(format string, args ...any) *oauthError {
	return newErr(400, "InvalidRequestException", "invalid_request", format, args...)
}

func errInvalidClient(format string, args ...any) *oauthError {
	return newErr(401, "InvalidClientException", "invalid_client", format, args...)
}

func errAccessDenied(format string, args ...any) *oauthError {
	return newErr(400, "AccessDeniedException", "access_denied", format, args...)
}

func errInvalidScope(format string, args ...any) *oauthError {
	return newErr(400, "InvalidScopeException", "invalid_scope", format, args...)
}

func errUnsupportedGrant(format string, args ...any) *oauthError {
	return newErr(400, "UnsupportedGrantTypeException", "unsupported_grant_type", format, args...)
}

func errInternal() *oauthError {
	return newErr(500, "InternalServerException", "server_error", "An internal error occurred. Please try again.")
}

func writeError(w http.ResponseWriter, r *http.Request, e *oauthError) {
	body, _ := json.Marshal(map[string]string{"error": e.Code, "error_description": e.Description})
	wire.SetCommonHeaders(w, r)
	w.Header().Set("Content-Type", wire.ContentTypeJSON)
	w.Header().Set("x-amzn-ErrorType", e.Exception)
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}
