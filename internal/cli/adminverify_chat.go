package cli

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/provision/diagnose"
	"github.com/qbiz/qbiz/internal/qchat"
)

// application checks that the profile's application takes users of the
// profile's mode (GetApplication as the user, else as the administrator).
func (v *verifier) application(ctx context.Context) hopResult {
	id := v.p.ApplicationID
	if id == "" {
		return failedWith("", diagnose.Finding{What: "the profile names no Q Business application",
			Fix: "set qbiz_application_id with: qbiz configure --profile " + v.p.Name})
	}
	sess, err := v.a.userSession(ctx)
	if err != nil {
		return failedErr(err)
	}
	v.session = sess
	typ, err := identityTypeOf(ctx, qbusiness.NewFromConfig(sess.AWS), id, func(o *qbusiness.Options) { o.Credentials = sess.Credentials })
	if err != nil {
		v.a.log.Debug("get application as the user", "application", id, "err", err)
		typ, err = v.admin.identityType(ctx, id)
	}
	var nf *qtypes.ResourceNotFoundException
	switch {
	case errors.As(err, &nf):
		return failedWith("", diagnose.Finding{What: fmt.Sprintf("application %s does not exist in %s: %s", id, v.p.Region, nf.ErrorMessage()),
			Fix: "check qbiz_application_id and the region of profile " + v.p.Name})
	case err != nil:
		return skipped("", fmt.Sprintf("identity type not checked: neither the user nor the administrator may read application %s (%v)", id, err))
	}
	if f := diagnose.IdentityType(v.p.Mode, id, typ); !f.OK() {
		return failedWith("", f)
	}
	return passed("", fmt.Sprintf("%s has identity type %s", id, typ))
}

// subscription asks the verification question as the user; a first call
// refused with "User does not have a subscription" is the application's
// auto-subscription at work, which qchat retries once.
func (v *verifier) subscription(ctx context.Context) hopResult {
	api := &firstCall{API: qchat.NewAPI(v.session.AWS, qchat.DefaultRetry)}
	c := qchat.New(api, v.p.ApplicationID, v.session.Credentials, qchat.Options{Logger: v.a.log})
	ans, err := c.Ask(ctx, verifyQuestion)
	if err == nil {
		err = c.DeleteConversation(ctx, ans.ConversationID)
	}
	v.chatErr = err
	user := describeUser(v.session.Identity)
	switch first := api.firstErr(); {
	case errors.Is(err, qchat.ErrSubscriptionWait):
		return failedWith("", diagnose.Finding{What: fmt.Sprintf("Q Business still refuses %s with \"User does not have a subscription\" after a retry", user),
			Fix: "with auto-subscription, Q Business subscribes a new user on their first call and refuses that call; wait a minute and run verify again, " +
				"and if it persists turn on the application's auto-subscription or subscribe the user (Q Business console, Subscriptions)"})
	case qchat.IsSubscriptionPending(first):
		return passed("", fmt.Sprintf("%s had no subscription: Q Business refused the first call with \"User does not have a subscription\", "+
			"auto-subscription subscribed them, and the call was retried", user))
	case first == nil:
		return passed("", user+" is subscribed")
	}
	return skipped("", "not known: the first call failed for another reason (see chat)")
}

// chat reports the verification question's outcome.
func (v *verifier) chat(context.Context) hopResult {
	err := v.chatErr
	if errors.Is(err, qchat.ErrAccessDenied) && !errors.Is(err, qchat.ErrNoUser) {
		return hopResult{Status: hopFailed, Problem: err.Error(),
			Fix: fmt.Sprintf("allow it in the permission policy of %s, the role the user's sign-in assumes", v.userRole())}
	}
	if err != nil {
		return failedErr(chatFailure(v.p.Name, v.p.Mode, err))
	}
	return passed("", fmt.Sprintf("ChatSync as %s answered (application %s); the conversation was deleted", describeUser(v.session.Identity), v.p.ApplicationID))
}

func (v *verifier) userRole() string {
	if v.p.IDCRoleARN != "" {
		return v.p.IDCRoleARN
	}
	return v.p.RoleARN
}

// firstCall is the Q Business API recording the outcome of the first
// ChatSync, which tells whether the user had a subscription.
type firstCall struct {
	qchat.API
	once  sync.Once
	mu    sync.Mutex
	first error
}

func (f *firstCall) ChatSync(ctx context.Context, in *qbusiness.ChatSyncInput, optFns ...func(*qbusiness.Options)) (*qbusiness.ChatSyncOutput, error) {
	out, err := f.API.ChatSync(ctx, in, optFns...)
	f.once.Do(func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.first = err
	})
	return out, err
}

func (f *firstCall) firstErr() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.first
}
