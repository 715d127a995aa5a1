package awscreds

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/logging"
)

// codeSentinels maps AWS error codes (STS awsQuery codes, restJson1
// exception names, OAuth error codes of sso-oidc) to sentinels.
var codeSentinels = map[string]error{
	"InvalidIdentityToken":           ErrInvalidIdentityToken,
	"InvalidIdentityTokenException":  ErrInvalidIdentityToken,
	"InvalidGrantException":          ErrInvalidIdentityToken,
	"invalid_grant":                  ErrInvalidIdentityToken,
	"IDPRejectedClaim":               ErrIDPRejectedClaim,
	"IDPRejectedClaimException":      ErrIDPRejectedClaim,
	"AccessDenied":                   ErrAccessDenied,
	"AccessDeniedException":          ErrAccessDenied,
	"UnauthorizedClientException":    ErrAccessDenied,
	"ExpiredToken":                   ErrExpiredToken,
	"ExpiredTokenException":          ErrExpiredToken,
	"RequestExpired":                 ErrClockSkew,
	"RequestTimeTooSkewed":           ErrClockSkew,
	"RequestInTheFuture":             ErrClockSkew,
	"Throttling":                     ErrThrottled,
	"ThrottlingException":            ErrThrottled,
	"TooManyRequestsException":       ErrThrottled,
	"RequestLimitExceeded":           ErrThrottled,
	"SlowDown":                       ErrThrottled,
	"SlowDownException":              ErrThrottled,
	"IDPCommunicationError":          ErrServiceUnavailable,
	"IDPCommunicationErrorException": ErrServiceUnavailable,
	"ServiceUnavailable":             ErrServiceUnavailable,
	"ServiceUnavailableException":    ErrServiceUnavailable,
	"InternalFailure":                ErrServiceUnavailable,
	"InternalError":                  ErrServiceUnavailable,
	"InternalServerException":        ErrServiceUnavailable,
	"ValidationError":                ErrInvalidRequest,
	"ValidationException":            ErrInvalidRequest,
	"InvalidParameterValue":          ErrInvalidRequest,
	"InvalidRequestException":        ErrInvalidRequest,
	"InvalidScopeException":          ErrInvalidRequest,
	"MalformedPolicyDocument":        ErrInvalidRequest,
	"PackedPolicyTooLarge":           ErrInvalidRequest,
	"RegionDisabledException":        ErrInvalidRequest,
	"InvalidClientException":         ErrInvalidClient,
	"UnsupportedGrantTypeException":  ErrInvalidClient,
}

// Classify maps an SDK error to one of the package's sentinels. The result
// unwraps to both the sentinel and err, and its message is scrubbed of
// anything that looks like a token, assertion or key. Errors it does not
// recognise are returned as they are; nil stays nil.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	if s := sentinelOf(err); s != nil {
		return &classified{sentinel: s, cause: err}
	}
	return err
}

func sentinelOf(err error) error {
	for _, s := range sentinels() {
		if errors.Is(err, s) {
			return nil // already classified
		}
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		if s, ok := codeSentinels[api.ErrorCode()]; ok {
			return s
		}
	}
	return transportSentinel(err)
}

func transportSentinel(err error) error {
	var resp *awshttp.ResponseError
	if errors.As(err, &resp) && resp.HTTPStatusCode() >= http.StatusInternalServerError {
		return ErrServiceUnavailable
	}
	if errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusTooManyRequests {
		return ErrThrottled
	}
	var nerr net.Error
	if errors.As(err, &nerr) && !errors.Is(err, context.Canceled) {
		return ErrServiceUnavailable
	}
	return nil
}

func sentinels() []error {
	return []error{ErrInvalidIdentityToken, ErrIDPRejectedClaim, ErrAccessDenied, ErrExpiredToken,
		ErrClockSkew, ErrThrottled, ErrServiceUnavailable, ErrInvalidRequest, ErrInvalidClient,
		ErrInvalidResponse, ErrUserMismatch, ErrUnsupportedIdentityType}
}

// classified is an SDK error with its sentinel.
type classified struct {
	sentinel error
	cause    error
}

func (e *classified) Error() string {
	return e.sentinel.Error() + ": " + logging.Scrub(e.cause.Error())
}

func (e *classified) Unwrap() []error { return []error{e.sentinel, e.cause} }

// hide returns err with every occurrence of the given secrets (the token
// or assertion just sent) cut out of its message, in case a server echoes
// them back. It unwraps to err.
func hide(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	return &hidden{err: err, secrets: secrets}
}

type hidden struct {
	err     error
	secrets []string
}

func (h *hidden) Error() string {
	msg := logging.Scrub(h.err.Error())
	for _, s := range h.secrets {
		if len(s) >= minHidden {
			msg = strings.ReplaceAll(msg, s, logging.Redacted)
		}
	}
	return msg
}

func (h *hidden) Unwrap() error { return h.err }

// minHidden is the shortest secret hide removes; shorter strings would
// only mangle the message.
const minHidden = 8
