package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/qchat"
)

// failure is a refusal of the API's own, with its status and the message
// for the person; cause, if any, is only logged.
type failure struct {
	status int
	kind   string
	msg    string
	cause  error
}

func (f *failure) Error() string {
	if f.cause != nil {
		return f.msg + ": " + f.cause.Error()
	}
	return f.msg
}

func (f *failure) Unwrap() error { return f.cause }

var (
	errNoRoute   = &failure{status: http.StatusNotFound, kind: "no_route", msg: "There is no such API route."}
	errMethod    = &failure{status: http.StatusMethodNotAllowed, kind: "method", msg: "This API route does not accept that method."}
	errSignedOut = &failure{status: http.StatusUnauthorized, kind: "signed_out", msg: "Sign in first."}
	errNotYours  = &failure{status: http.StatusForbidden, kind: "not_owner", msg: "That conversation is not one of yours."}
	errNoSuchID  = &failure{status: http.StatusNotFound, kind: "bad_id", msg: "There is no such conversation."}
)

// badRequest is a request the API refuses as it stands.
func badRequest(format string, args ...any) error {
	return &failure{status: http.StatusBadRequest, kind: "bad_request", msg: fmt.Sprintf(format, args...)}
}

// storeDown is a failure of the ownership store.
func storeDown(err error) error {
	return &failure{status: http.StatusServiceUnavailable, kind: "store", cause: err,
		msg: "The gateway cannot check this conversation right now. Try again in a moment."}
}

// verdict is how one error is answered.
type verdict struct {
	status   int // 0: the client is gone, nothing is written
	kind     string
	msg      string
	upstream bool // the error came from Q Business or the user's credentials
}

const signInAgain = "Your session has expired. Sign in again."

// upstream maps qchat's classified errors (and a sign-in that needs the
// person again) to what the person is told.
var upstream = []struct {
	err    error
	status int
	kind   string
	msg    string
}{
	{qchat.ErrSubscriptionWait, http.StatusServiceUnavailable, "subscription_pending", "Your access to Q Business is still being set up. Try again in a minute."},
	{qchat.ErrThrottled, http.StatusTooManyRequests, "throttled", "Q Business is busy right now. Wait a little and try again."},
	{qchat.ErrExpired, http.StatusUnauthorized, "expired", signInAgain},
	{identity.ErrReauthRequired, http.StatusUnauthorized, "expired", signInAgain},
	{qchat.ErrAccessDenied, http.StatusForbidden, "access_denied", "Q Business denied access. Ask your administrator to give your account access to this application."},
	{qchat.ErrInvalidFeedback, http.StatusBadRequest, "invalid_feedback", ""},
	{qchat.ErrNotFound, http.StatusNotFound, "not_found", "That conversation or message no longer exists."},
	{qchat.ErrUnknownApplication, http.StatusBadGateway, "unknown_application", "The gateway's Q Business application was not found. Tell your administrator."},
	{qchat.ErrInvalidInput, http.StatusBadRequest, "invalid_input", "Q Business refused the request. Shorten or rephrase the message and try again."},
	{qchat.ErrUnavailable, http.StatusServiceUnavailable, "unavailable", "Q Business is unavailable. Try again later."},
	{qchat.ErrUnreachable, http.StatusServiceUnavailable, "unreachable", "The gateway cannot reach Q Business. Try again later."},
}

// classify decides how err is answered; ctx is the request's.
func classify(ctx context.Context, err error) verdict {
	var f *failure
	if errors.As(err, &f) {
		return verdict{status: f.status, kind: f.kind, msg: f.msg}
	}
	for _, u := range upstream {
		if errors.Is(err, u.err) {
			if u.err == qchat.ErrInvalidFeedback { // refused before any call
				return verdict{status: u.status, kind: u.kind, msg: feedbackRules()}
			}
			return verdict{status: u.status, kind: u.kind, msg: u.msg, upstream: true}
		}
	}
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return verdict{kind: "cancelled"}
	case errors.Is(err, context.DeadlineExceeded):
		return verdict{status: http.StatusGatewayTimeout, kind: "timeout", msg: "Q Business took too long to answer. Try again.", upstream: true}
	}
	return verdict{status: http.StatusInternalServerError, kind: "internal", upstream: true,
		msg: "Something went wrong in the gateway. Try again; if it keeps happening, tell your administrator."}
}

func feedbackRules() string {
	return "The feedback is not valid: a reason must be one of " + strings.Join(qchat.FeedbackReasons(), ", ") +
		", and a comment at most 1000 characters."
}

// errorBody is the JSON of every error, and the data of an error frame.
type errorBody struct {
	Message string `json:"message"`
}

// render answers err (JSON, or an error frame once a stream has started)
// and logs its cause, once.
func (a *api) render(rw *response, r *http.Request, err error) {
	ctx := r.Context()
	v := classify(ctx, err)
	a.logFailure(ctx, r, v, err)
	if v.upstream {
		a.metrics.upstreamError(v.kind)
	}
	switch {
	case v.status == 0:
	case rw.streaming:
		rw.event("error", errorBody{Message: v.msg})
	default:
		_ = rw.json(v.status, errorBody{Message: v.msg})
	}
}

func (a *api) logFailure(ctx context.Context, r *http.Request, v verdict, err error) {
	level := slog.LevelInfo
	switch {
	case v.status == 0:
		level = slog.LevelDebug
	case v.status >= 500 && v.kind == "internal":
		level = slog.LevelError
	case v.status >= 500 || v.upstream:
		level = slog.LevelWarn
	}
	a.log.LogAttrs(ctx, level, "api request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", v.status), slog.String("kind", v.kind), slog.String("err", err.Error()))
}
