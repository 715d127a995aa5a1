package qchat

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
)

// Sentinel errors callers decide on.
var (
	ErrAccessDenied     = errors.New("access denied by Q Business")
	ErrNotFound         = errors.New("not found")
	ErrThrottled        = errors.New("Q Business is throttling requests")
	ErrExpired          = errors.New("credentials expired")
	ErrInvalidInput     = errors.New("Q Business refused the request")
	ErrSubscriptionWait = errors.New("subscription still being created")
)

// Classify maps a Q Business error to a sentinel with a message a person can act on.
func Classify(err error) error {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return err
	}
	msg := ae.ErrorMessage()
	switch ae.ErrorCode() {
	case "AccessDeniedException":
		if IsSubscriptionPending(err) {
			return fmt.Errorf("%w: the application is still creating your subscription; try again in a minute", ErrSubscriptionWait)
		}
		return fmt.Errorf("%w: %s (check that your role allows this qbusiness action on the application)", ErrAccessDenied, msg)
	case "ResourceNotFoundException":
		return fmt.Errorf("%w: %s (check the application id and region of the profile)", ErrNotFound, msg)
	case "ThrottlingException":
		return fmt.Errorf("%w: %s; wait a little and retry", ErrThrottled, msg)
	case "ExpiredTokenException", "ExpiredToken":
		return fmt.Errorf("%w: sign in again", ErrExpired)
	case "ValidationException", "ConflictException", "LicenseNotFoundException":
		return fmt.Errorf("%w: %s", ErrInvalidInput, msg)
	}
	return err
}
