package qbusiness

import (
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// endUser resolves the end user of a conversation call from the verified
// credentials alone, enforces the application's identity type and the
// auto-subscription rule, and returns the user's lower-cased email. The
// caller holds s.mu.
func (s *Service) endUser(c *call, a *application) (string, *wire.Error) {
	if _, ok := c.q["userId"]; ok {
		return "", accessDenied(msgIdentityAware)
	}
	if _, ok := c.q["userGroups"]; ok {
		return "", accessDenied(msgIdentityAware)
	}
	email, e := s.credentialUser(c, a)
	if e != nil {
		return "", e
	}
	key := strings.ToLower(email)
	if a.AutoSubscribe == enabled && !a.Subscribed[key] {
		a.Subscribed[key] = true
		return "", accessDenied("Exception occurred for requestId: %s with message: User does not have a subscription for the given application.", wire.RequestID(c.r.Context()))
	}
	return key, nil
}

// credentialUser maps the principal to an email according to the
// application's identity type.
func (s *Service) credentialUser(c *call, a *application) (string, *wire.Error) {
	p := c.v.Principal
	switch a.IdentityType {
	case identityIDC:
		if p.Context == nil {
			return "", accessDenied(msgIdentityAware)
		}
		if a.InstanceARN != "" && p.Context.InstanceARN != "" && p.Context.InstanceARN != a.InstanceARN {
			return "", accessDenied(msgNotAuthorized)
		}
		if s.opts.Directory == nil {
			return "", accessDenied(msgNotAuthorized)
		}
		u, ok := s.opts.Directory.ByIDCUserID(p.Context.UserID)
		if !ok || u.Email == "" {
			return "", accessDenied(msgNotAuthorized)
		}
		return u.Email, nil
	case identityOIDC, identitySAML:
		if p.Context != nil || p.Email() == "" {
			return "", accessDenied(msgNotAuthorized)
		}
		return p.Email(), nil
	}
	return "", accessDenied(msgNotAuthorized)
}

// conversationOf returns the user's conversation; another user's
// conversation is reported as missing so its existence is not revealed.
func conversationOf(a *application, user, id string) (*conversation, *wire.Error) {
	cv, ok := a.Conversations[id]
	if !ok || cv.Owner != user {
		return nil, notFound("CONVERSATION", id, "Conversation %s not found.", id)
	}
	return cv, nil
}
