package qchat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Sentinel errors callers decide on.
var (
	ErrAccessDenied       = errors.New("access denied by Q Business")
	ErrNotFound           = errors.New("not found")
	ErrUnknownApplication = errors.New("unknown Q Business application")
	ErrThrottled          = errors.New("Q Business is throttling requests")
	ErrUnavailable        = errors.New("Q Business is unavailable")
	ErrExpired            = errors.New("credentials expired")
	ErrInvalidInput       = errors.New("Q Business refused the request")
	ErrSubscriptionWait   = errors.New("subscription still being created")
	// ErrNoUser: Q Business knows no user in the caller's session ("User
	// is not authorized for this service call."): an IAM-federated session
	// without the Email tag, or an Identity Center user it does not
	// authorise. An error wrapping it wraps ErrAccessDenied too.
	ErrNoUser = errors.New("Q Business knows no user in this AWS session")
)

// msgNoUser is how Q Business words ErrNoUser.
const msgNoUser = "User is not authorized for this service call"

// Operations, named as the IAM actions that allow them.
const (
	opChat               = "Chat"
	opChatSync           = "ChatSync"
	opListConversations  = "ListConversations"
	opListMessages       = "ListMessages"
	opDeleteConversation = "DeleteConversation"
	opPutFeedback        = "PutFeedback"
	opListRetrievers     = "ListRetrievers"
	opSearch             = "SearchRelevantContent"
)

// Classify maps a Q Business error to a sentinel with a message a person
// can act on: a failure to connect becomes ErrUnreachable naming the
// endpoint.
func Classify(err error) error { return classify("", "", err) }

// fail classifies err from operation op of c's application.
func (c *Client) fail(op string, err error) error { return classify(op, c.appID, err) }

func classify(op, appID string, err error) error {
	if u := unreachable(err); u != nil {
		return u
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return err
	}
	msg := ae.ErrorMessage() + attempts(err)
	switch ae.ErrorCode() {
	case "AccessDeniedException":
		return accessDenied(op, appID, msg, err)
	case "ResourceNotFoundException":
		return notFound(appID, msg, err)
	case "ThrottlingException":
		return fmt.Errorf("%w: %s; wait a little and try again", ErrThrottled, msg)
	case "ExpiredTokenException", "ExpiredToken":
		return fmt.Errorf("%w: sign in again", ErrExpired)
	case "ValidationException", "ConflictException", "LicenseNotFoundException", "ServiceQuotaExceededException":
		return fmt.Errorf("%w: %s", ErrInvalidInput, msg)
	}
	if isServerError(err) {
		return fmt.Errorf("%w: %s: %s; try again later", ErrUnavailable, ae.ErrorCode(), msg)
	}
	return err
}

func accessDenied(op, appID, msg string, err error) error {
	if IsSubscriptionPending(err) {
		return fmt.Errorf("%w: the application is still creating your subscription; try again in a minute", ErrSubscriptionWait)
	}
	if strings.Contains(msg, msgNoUser) {
		return fmt.Errorf("%w: %w: %s", ErrAccessDenied, ErrNoUser, msg)
	}
	action := "this qbusiness action"
	if op != "" {
		action = "qbusiness:" + op
	}
	where := "the application"
	if appID != "" {
		where = "application " + appID
	}
	return fmt.Errorf("%w: %s (your role must allow %s on %s)", ErrAccessDenied, msg, action, where)
}

func notFound(appID, msg string, err error) error {
	var nf *types.ResourceNotFoundException
	typed := errors.As(err, &nf) && strings.EqualFold(deref(nf.ResourceType), "APPLICATION")
	if typed || strings.HasPrefix(msg, "Application") {
		return fmt.Errorf("%w %s: %s (check qbiz_application_id and the region of the profile)", ErrUnknownApplication, appID, msg)
	}
	return fmt.Errorf("%w: %s", ErrNotFound, msg)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// attempts describes how often the SDK tried, when it gave up retrying.
func attempts(err error) string {
	var me *retry.MaxAttemptsError
	if errors.As(err, &me) {
		return fmt.Sprintf(" (gave up after %d attempts)", me.Attempt)
	}
	return ""
}

func isServerError(err error) bool {
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() >= 500
}
