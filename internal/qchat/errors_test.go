package qchat

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"net/http"
)

func TestClassify(t *testing.T) {
	serverErr := &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 503}},
		Err: &smithy.GenericAPIError{Code: "ServiceUnavailable", Message: "slow down"}}
	tests := []struct {
		name     string
		op       string
		err      error
		want     error
		contains string
	}{
		{"access denied names the action", opChat, &types.AccessDeniedException{Message: aws.String("not authorized")}, ErrAccessDenied, "qbusiness:Chat on application app-1"},
		{"no user in the session", opChatSync, &types.AccessDeniedException{Message: aws.String("User is not authorized for this service call.")}, ErrNoUser, "knows no user in this AWS session: User is not authorized"},
		{"subscription", opChatSync, &types.AccessDeniedException{Message: aws.String("User does not have a subscription for the given application.")}, ErrSubscriptionWait, "subscription"},
		{"unknown application", opChatSync, &types.ResourceNotFoundException{Message: aws.String("Application Id app-1 not found"), ResourceType: aws.String("APPLICATION")}, ErrUnknownApplication, "qbiz_application_id"},
		{"conversation gone", opListMessages, &types.ResourceNotFoundException{Message: aws.String("Conversation c not found."), ResourceType: aws.String("CONVERSATION")}, ErrNotFound, "Conversation c"},
		{"throttled after retries", opChat, &retry.MaxAttemptsError{Attempt: 5, Err: &types.ThrottlingException{Message: aws.String("Rate exceeded")}}, ErrThrottled, "gave up after 5 attempts"},
		{"5xx after retries", opChat, &retry.MaxAttemptsError{Attempt: 5, Err: serverErr}, ErrUnavailable, "after 5 attempts"},
		{"validation", opChat, &types.ValidationException{Message: aws.String("bad")}, ErrInvalidInput, "bad"},
		{"expired", opChat, &smithy.GenericAPIError{Code: "ExpiredTokenException"}, ErrExpired, "sign in again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify(tt.op, "app-1", fmt.Errorf("chat: %w", tt.err))
			if !errors.Is(got, tt.want) || !strings.Contains(got.Error(), tt.contains) {
				t.Errorf("classify = %v, want %v containing %q", got, tt.want, tt.contains)
			}
		})
	}
	noUser := classify(opChatSync, "app-1", &types.AccessDeniedException{Message: aws.String("User is not authorized for this service call.")})
	if !errors.Is(noUser, ErrAccessDenied) || strings.Contains(noUser.Error(), "your role must allow") {
		t.Errorf("no user: %v, want access denied without blaming the role's permissions", noUser)
	}
	plain := errors.New("dial tcp: refused")
	if got := Classify(plain); got != plain {
		t.Errorf("non-API error changed: %v", got)
	}
}

func TestIsConversationGone(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&types.ResourceNotFoundException{Message: aws.String("Conversation c not found."), ResourceType: aws.String("CONVERSATION")}, true},
		{&types.ResourceNotFoundException{Message: aws.String("Conversation c not found.")}, true},
		{&types.ResourceNotFoundException{Message: aws.String("Application a not found"), ResourceType: aws.String("APPLICATION")}, false},
		{&types.ResourceNotFoundException{Message: aws.String("Message m not found in conversation c"), ResourceType: aws.String("MESSAGE")}, false},
		{errors.New("conversation"), false},
	}
	for _, tt := range tests {
		if got := isConversationGone(tt.err); got != tt.want {
			t.Errorf("isConversationGone(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
