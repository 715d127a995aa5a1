package api_test

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// fakeQ is a tiny stand-in for the Q Business client: Chat cannot open an
// event stream (the SDK's stream cannot be built outside it), so qchat
// answers through ChatSync, as it does behind a proxy without HTTP/2. The
// sandbox tests under e2e drive the real stream.
type fakeQ struct {
	mu    sync.Mutex
	calls []call

	answer        func(ctx context.Context, in *qbusiness.ChatSyncInput) (*qbusiness.ChatSyncOutput, error)
	conversations []types.Conversation
	messages      []types.Message
	fail          map[string]error // operation → its error
}

// call is one operation and the credentials it was signed with.
type call struct {
	op    string
	creds aws.CredentialsProvider
	in    any
}

func (f *fakeQ) record(op string, in any, optFns []func(*qbusiness.Options)) error {
	var o qbusiness.Options
	for _, fn := range optFns {
		fn(&o)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{op: op, creds: o.Credentials, in: in})
	return f.fail[op]
}

func (f *fakeQ) ops() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, c.op)
	}
	return out
}

func (f *fakeQ) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

var errNoStream = errors.New("fake: no event stream here")

func (f *fakeQ) Chat(_ context.Context, in *qbusiness.ChatInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ChatOutput, error) {
	if err := f.record("Chat", in, optFns); err != nil {
		return nil, err
	}
	return nil, errNoStream
}

func (f *fakeQ) ChatSync(ctx context.Context, in *qbusiness.ChatSyncInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ChatSyncOutput, error) {
	if err := f.record("ChatSync", in, optFns); err != nil {
		return nil, err
	}
	if f.answer != nil {
		return f.answer(ctx, in)
	}
	conv := aws.ToString(in.ConversationId)
	if conv == "" {
		conv = newConvID
	}
	return &qbusiness.ChatSyncOutput{ConversationId: aws.String(conv), SystemMessageId: aws.String(sysMsgID),
		UserMessageId: aws.String(userMsgID), SystemMessage: aws.String("The answer.")}, nil
}

func (f *fakeQ) ListConversations(_ context.Context, in *qbusiness.ListConversationsInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ListConversationsOutput, error) {
	if err := f.record("ListConversations", in, optFns); err != nil {
		return nil, err
	}
	return &qbusiness.ListConversationsOutput{Conversations: f.conversations}, nil
}

func (f *fakeQ) ListMessages(_ context.Context, in *qbusiness.ListMessagesInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ListMessagesOutput, error) {
	if err := f.record("ListMessages", in, optFns); err != nil {
		return nil, err
	}
	return &qbusiness.ListMessagesOutput{Messages: f.messages}, nil
}

func (f *fakeQ) DeleteConversation(_ context.Context, in *qbusiness.DeleteConversationInput, optFns ...func(*qbusiness.Options)) (*qbusiness.DeleteConversationOutput, error) {
	if err := f.record("DeleteConversation", in, optFns); err != nil {
		return nil, err
	}
	return &qbusiness.DeleteConversationOutput{}, nil
}

func (f *fakeQ) PutFeedback(_ context.Context, in *qbusiness.PutFeedbackInput, optFns ...func(*qbusiness.Options)) (*qbusiness.PutFeedbackOutput, error) {
	if err := f.record("PutFeedback", in, optFns); err != nil {
		return nil, err
	}
	return &qbusiness.PutFeedbackOutput{}, nil
}
