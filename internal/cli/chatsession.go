package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/qchat"
)

// errNoApplication means the profile names no Q Business application.
var errNoApplication = errors.New("the profile names no Q Business application")

// chatClient opens the user's session for the app's profile and returns a
// Q Business client that signs every call with the user's credentials and
// logs through the app's logger, and who the user is.
func (a *app) chatClient(ctx context.Context, notify func(string)) (*qchat.Client, identity.Identity, error) {
	profile := a.profile
	s, err := a.userSession(ctx)
	if err != nil {
		return nil, identity.Identity{}, err
	}
	if s.Profile.ApplicationID == "" {
		return nil, identity.Identity{}, withHint(fmt.Errorf("profile %s: %w", profile, errNoApplication),
			"set qbiz_application_id with: qbiz configure --profile "+profile)
	}
	a.mode = s.Profile.Mode
	cfg := s.AWS.Copy()
	cfg.Credentials = nil
	api := qchat.NewAPI(cfg, qchat.DefaultRetry)
	return qchat.New(api, s.Profile.ApplicationID, s.Credentials, qchat.Options{Notify: notify, Logger: a.log}), s.Identity, nil
}

// chatFailure renders err of the app's profile with advice.
func (a *app) chatFailure(err error) error { return chatFailure(a.profile, a.mode, err) }

// chatFailure renders err with advice for profile, signed in in mode:
// what to run, which permission or claim is missing or what to check.
func chatFailure(profile string, mode identity.Mode, err error) error {
	login := "qbiz login --profile " + profile
	switch {
	case err == nil:
		return nil
	case errors.Is(err, qchat.ErrNoUser):
		return withHint(err, noUserHint(profile, mode))
	case errors.Is(err, qchat.ErrAccessDenied):
		return withHint(err, "ask your administrator to grant the action named above to the role of profile "+profile+" (qbiz_role_arn)")
	case errors.Is(err, qchat.ErrUnknownApplication):
		return withHint(err, "check qbiz_application_id and region of profile "+profile+" against the application in the Q Business console")
	case errors.Is(err, qchat.ErrExpired):
		return withHint(err, "run: "+login)
	case errors.Is(err, qchat.ErrSubscriptionWait):
		return withHint(err, "wait a minute and try again; if it persists, ask your administrator to subscribe you")
	case errors.Is(err, qchat.ErrUnreachable):
		return withHint(err, "check your network connection and the endpoint_url and region of profile "+profile)
	case errors.Is(err, qchat.ErrThrottled), errors.Is(err, qchat.ErrUnavailable):
		return withHint(err, "wait a little and try again")
	case errors.Is(err, qchat.ErrAttachmentLimit):
		return withHint(err, fmt.Sprintf("attach at most %d files of at most 10 MB each", qchat.MaxAttachments))
	case errors.Is(err, qchat.ErrNotFound):
		return withHint(err, "list your conversations with: qbiz conversations list --profile "+profile)
	}
	return explain(profile, err)
}

// noUserHint says why Q Business knows no user in a session of mode: an
// IAM-federated user is known by the Email session tag, which only the
// IdP can send.
func noUserHint(profile string, mode identity.Mode) string {
	then := "; ask your IdP administrator, then run: qbiz login --profile " + profile +
		" (qbiz admin verify --profile " + profile + " shows which hop fails)"
	switch mode {
	case identity.ModeOIDC:
		return "Q Business knows a user by the Email session tag, and this sign-in set none: the ID token must carry the claim " +
			`https://aws.amazon.com/tags = {"principal_tags": {"Email": ["<your email>"]}}` +
			" and the role's trust policy must allow sts:TagSession" + then
	case identity.ModeSAML:
		return "Q Business knows a user by the Email session tag, and this sign-in set none: the SAML assertion must carry the attribute " +
			"https://aws.amazon.com/SAML/Attributes/PrincipalTag:Email with your email, and the role's trust policy must allow sts:TagSession" + then
	}
	return "the application does not authorise your Identity Center user: ask your administrator to assign you to it and subscribe you" + then
}
