package qchat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/smithy-go"
)

// API is the part of the Q Business client qchat uses.
type API interface {
	ChatSync(ctx context.Context, in *qbusiness.ChatSyncInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ChatSyncOutput, error)
	Chat(ctx context.Context, in *qbusiness.ChatInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ChatOutput, error)
	ListConversations(ctx context.Context, in *qbusiness.ListConversationsInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ListConversationsOutput, error)
	ListMessages(ctx context.Context, in *qbusiness.ListMessagesInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ListMessagesOutput, error)
	DeleteConversation(ctx context.Context, in *qbusiness.DeleteConversationInput, optFns ...func(*qbusiness.Options)) (*qbusiness.DeleteConversationOutput, error)
	PutFeedback(ctx context.Context, in *qbusiness.PutFeedbackInput, optFns ...func(*qbusiness.Options)) (*qbusiness.PutFeedbackOutput, error)
}

// Client asks one application questions as one user.
type Client struct {
	api   API
	appID string
	creds aws.CredentialsProvider
	opts  Options
}

// Options tune a Client.
type Options struct {
	// SubscriptionWait is how long to wait before retrying a call refused
	// because the user is being auto-subscribed.
	SubscriptionWait time.Duration
	// Notify receives messages for the person (e.g. "subscribing you…").
	Notify func(string)
	Logger *slog.Logger
	Sleep  func(ctx context.Context, d time.Duration) error
	// Now stamps feedback.
	Now func() time.Time
	// PageSize is how many items a list call asks for per page (0: the API's maximum).
	PageSize int32
}

// New returns a client for appID whose every call is signed with creds.
func New(api API, appID string, creds aws.CredentialsProvider, opts Options) *Client {
	if opts.SubscriptionWait == 0 {
		opts.SubscriptionWait = 2 * time.Second
	}
	if opts.Notify == nil {
		opts.Notify = func(string) {}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Client{api: api, appID: appID, creds: creds, opts: opts}
}

// ApplicationID is the application c talks to.
func (c *Client) ApplicationID() string { return c.appID }

// Question is one user turn.
type Question struct {
	Text string
	// ConversationID and ParentMessageID continue a conversation; both empty starts one.
	ConversationID  string
	ParentMessageID string
	// Mode is RETRIEVAL_MODE when empty.
	Mode            types.ChatMode
	Attachments     []types.AttachmentInput
	AttributeFilter *types.AttributeFilter
}

func (q Question) check() error {
	if strings.TrimSpace(q.Text) == "" {
		return fmt.Errorf("%w: the question is empty", ErrInvalidInput)
	}
	if (q.ConversationID == "") != (q.ParentMessageID == "") {
		return fmt.Errorf("%w: continuing a conversation needs both its id and the parent message id", ErrInvalidInput)
	}
	return CheckAttachments(q.Attachments)
}

// Ask answers q with ChatSync.
func (c *Client) Ask(ctx context.Context, q Question) (*Answer, error) {
	return c.withRecovery(ctx, opChatSync, q, func(q Question) (*Answer, error) { return c.chatSync(ctx, q) })
}

// Stream answers q over the Chat event stream, calling onText with each
// chunk, and falls back to ChatSync when the stream cannot be opened.
func (c *Client) Stream(ctx context.Context, q Question, onText func(string)) (*Answer, error) {
	return c.withRecovery(ctx, opChat, q, func(q Question) (*Answer, error) {
		a, err := c.chatStream(ctx, q, onText)
		if errors.Is(err, errStreamUnavailable) && ctx.Err() == nil {
			c.opts.Logger.Debug("chat stream unavailable, using ChatSync", "err", err)
			if a, err = c.chatSync(ctx, q); err == nil && onText != nil {
				onText(a.Text)
			}
		}
		return a, err
	})
}

// withRecovery retries once after auto-subscription and restarts a
// conversation the service no longer knows.
func (c *Client) withRecovery(ctx context.Context, op string, q Question, call func(Question) (*Answer, error)) (*Answer, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	var a *Answer
	err := c.subscribed(ctx, func() (err error) { a, err = call(q); return err })
	if q.ConversationID != "" && isConversationGone(err) {
		c.opts.Notify("That conversation no longer exists; starting a new one.")
		q.ConversationID, q.ParentMessageID = "", ""
		if a, err = call(q); a != nil {
			a.NewConversation = true
		}
	}
	if err != nil {
		return nil, c.fail(op, err)
	}
	return a, nil
}

func (c *Client) chatSync(ctx context.Context, q Question) (*Answer, error) {
	in := &qbusiness.ChatSyncInput{ApplicationId: aws.String(c.appID), UserMessage: aws.String(q.Text), ChatMode: q.Mode,
		Attachments: q.Attachments, AttributeFilter: q.AttributeFilter}
	if q.ConversationID != "" {
		in.ConversationId, in.ParentMessageId = aws.String(q.ConversationID), aws.String(q.ParentMessageID)
	}
	out, err := c.api.ChatSync(ctx, in, c.signAsUser)
	if err != nil {
		return nil, fmt.Errorf("chat: %w", err)
	}
	a := &Answer{ConversationID: aws.ToString(out.ConversationId), SystemMessageID: aws.ToString(out.SystemMessageId),
		UserMessageID: aws.ToString(out.UserMessageId), Text: aws.ToString(out.SystemMessage), Sources: sourcesFrom(out.SourceAttributions)}
	for _, f := range out.FailedAttachments {
		a.FailedAttachments = append(a.FailedAttachments, failedFrom(&f))
	}
	if out.ActionReview != nil {
		a.ActionReview = &ActionReview{PluginID: aws.ToString(out.ActionReview.PluginId), PluginType: string(out.ActionReview.PluginType)}
	}
	return a, nil
}

// signAsUser makes the call use this user's credentials, whatever the shared client has.
func (c *Client) signAsUser(o *qbusiness.Options) { o.Credentials = c.creds }

// subscribed runs call, and once more after a short wait when the service
// is creating the user's subscription (the first call of a new user).
func (c *Client) subscribed(ctx context.Context, call func() error) error {
	err := call()
	if !IsSubscriptionPending(err) {
		return err
	}
	c.opts.Notify("You are being subscribed to this Q Business application; retrying in a moment…")
	if err := c.opts.Sleep(ctx, c.opts.SubscriptionWait); err != nil {
		return err
	}
	return call()
}

// IsSubscriptionPending reports the first-call AccessDenied of an
// application with auto-subscription.
func IsSubscriptionPending(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "AccessDeniedException" &&
		strings.Contains(ae.ErrorMessage(), "does not have a subscription")
}

// isConversationGone reports a ResourceNotFound about the conversation
// (not the application).
func isConversationGone(err error) bool {
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		return false
	}
	if t := aws.ToString(nf.ResourceType); t != "" {
		return strings.EqualFold(t, "CONVERSATION")
	}
	return strings.Contains(strings.ToLower(nf.ErrorMessage()), "conversation")
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
