package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/qchat"
)

func TestClassifyTellsThePersonWhatToDoAndNeverTheCause(t *testing.T) {
	cause := "arn:aws:iam::123456789012:role/secret-role ASIAEXAMPLE"
	api := func(code string) error {
		return qchat.Classify(fmt.Errorf("chat: %w", &smithy.GenericAPIError{Code: code, Message: cause}))
	}
	for _, tc := range []struct {
		name   string
		err    error
		status int
		says   string
	}{
		{"subscription pending", qchat.Classify(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "User does not have a subscription"}),
			http.StatusServiceUnavailable, "Try again in a minute"},
		{"throttled", api("ThrottlingException"), http.StatusTooManyRequests, "Wait a little"},
		{"expired credentials", api("ExpiredTokenException"), http.StatusUnauthorized, "Sign in again"},
		{"sign-in needed", fmt.Errorf("credentials: %w", identity.ErrReauthRequired), http.StatusUnauthorized, "Sign in again"},
		{"access denied", api("AccessDeniedException"), http.StatusForbidden, "administrator"},
		{"not found", api("ResourceNotFoundException"), http.StatusNotFound, "no longer exists"},
		{"invalid input", api("ValidationException"), http.StatusBadRequest, "rephrase"},
		{"unavailable", qchat.ErrUnavailable, http.StatusServiceUnavailable, "Try again later"},
		{"timeout", context.DeadlineExceeded, http.StatusGatewayTimeout, "Try again"},
		{"anything else", errors.New(cause), http.StatusInternalServerError, "administrator"},
		{"bad request", badRequest("Type a message first."), http.StatusBadRequest, "Type a message"},
		{"not yours", fmt.Errorf("chat: %w", errNotYours), http.StatusForbidden, "not one of yours"},
		{"store down", storeDown(errors.New(cause)), http.StatusServiceUnavailable, "Try again in a moment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := classify(context.Background(), tc.err)
			if v.status != tc.status || !strings.Contains(v.msg, tc.says) {
				t.Errorf("%v → %d %q, want %d saying %q", tc.err, v.status, v.msg, tc.status, tc.says)
			}
			if strings.Contains(v.msg, "arn:") || strings.Contains(v.msg, "ASIA") {
				t.Errorf("message %q carries the cause", v.msg)
			}
		})
	}
}

func TestClassifyAGoneClientWritesNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if v := classify(ctx, fmt.Errorf("chat: %w", context.Canceled)); v.status != 0 || v.kind != "cancelled" {
		t.Errorf("verdict %+v, want nothing written", v)
	}
	if v := classify(context.Background(), context.Canceled); v.status == 0 {
		t.Error("a cancellation the client did not ask for went unanswered")
	}
}
