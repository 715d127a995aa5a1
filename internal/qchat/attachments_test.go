package qchat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/qchat"
)

func attachments(n, size int) []types.AttachmentInput {
	out := make([]types.AttachmentInput, n)
	for i := range out {
		out[i] = qchat.NewAttachment(fmt.Sprintf("notes-%d.txt", i), make([]byte, size))
	}
	return out
}

// countingAPI counts calls that reach the service.
type countingAPI struct {
	qchat.API
	calls int
}

func (c *countingAPI) ChatSync(context.Context, *qbusiness.ChatSyncInput, ...func(*qbusiness.Options)) (*qbusiness.ChatSyncOutput, error) {
	c.calls++
	return &qbusiness.ChatSyncOutput{}, nil
}

func (c *countingAPI) Chat(context.Context, *qbusiness.ChatInput, ...func(*qbusiness.Options)) (*qbusiness.ChatOutput, error) {
	c.calls++
	return nil, errors.New("unreachable in this test")
}

func TestAttachmentLimitsCheckedBeforeCalling(t *testing.T) {
	tests := []struct {
		name    string
		atts    []types.AttachmentInput
		wantErr bool
	}{
		{"none", nil, false},
		{"five small files", attachments(5, 1), false},
		{"ten megabytes exactly", attachments(1, qchat.MaxAttachmentSize), false},
		{"six files", attachments(6, 1), true},
		{"one byte over ten megabytes", attachments(1, qchat.MaxAttachmentSize+1), true},
		{"empty file", attachments(1, 0), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &countingAPI{}
			c := qchat.New(api, "app", aws.AnonymousCredentials{}, qchat.Options{})
			_, err := c.Ask(context.Background(), qchat.Question{Text: "q", Attachments: tt.atts})
			if got := errors.Is(err, qchat.ErrAttachmentLimit); got != tt.wantErr {
				t.Fatalf("err = %v, want limit error %v", err, tt.wantErr)
			}
			if want := map[bool]int{true: 0, false: 1}[tt.wantErr]; api.calls != want {
				t.Errorf("%d calls reached the service, want %d", api.calls, want)
			}
		})
	}
}

func TestQuestionChecks(t *testing.T) {
	tests := []struct {
		name string
		q    qchat.Question
	}{
		{"empty text", qchat.Question{Text: "  "}},
		{"conversation without parent", qchat.Question{Text: "q", ConversationID: "c"}},
		{"parent without conversation", qchat.Question{Text: "q", ParentMessageID: "m"}},
	}
	for _, tt := range tests {
		api := &countingAPI{}
		_, err := qchat.New(api, "app", aws.AnonymousCredentials{}, qchat.Options{}).Ask(context.Background(), tt.q)
		if !errors.Is(err, qchat.ErrInvalidInput) || api.calls != 0 {
			t.Errorf("%s: err = %v after %d calls, want ErrInvalidInput before calling", tt.name, err, api.calls)
		}
	}
}

func (w *world) enableAttachments(t *testing.T) {
	t.Helper()
	cfg := w.cfg()
	a := w.info.AdminCredentials
	cfg.HTTPClient, cfg.Credentials = w.sb.HTTPClient(), credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")
	_, err := qbusiness.NewFromConfig(cfg).UpdateApplication(context.Background(), &qbusiness.UpdateApplicationInput{ApplicationId: aws.String(w.app(t, "oidc").ApplicationID),
		AttachmentsConfiguration: &types.AttachmentsConfiguration{AttachmentsControlMode: types.AttachmentsControlModeEnabled}})
	if err != nil {
		t.Fatalf("enable attachments: %v", err)
	}
}
