package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/session"
)

// own returns nil when conversation id is filed under u. An id never
// filed makes it list u's conversations once, as u, to learn it; an id
// filed under anyone else, or still unknown, is errNotYours. No call is
// made for an id filed under someone else.
func (a *api) own(ctx context.Context, u *User, id string) error {
	owner, err := a.owners.Owner(ctx, id)
	switch {
	case err == nil && owner == u.Owner:
		return nil
	case err == nil:
		return errNotYours
	case !errors.Is(err, session.ErrNotFound):
		return storeDown(fmt.Errorf("owner of conversation %s: %w", id, err))
	}
	mine, err := a.learn(ctx, a.client(u), u)
	if err != nil {
		return err
	}
	for _, c := range mine {
		if c.ID == id {
			return nil
		}
	}
	return errNotYours
}

// learn lists u's conversations and returns those that are u's, filing
// under u each one no one holds yet.
func (a *api) learn(ctx context.Context, c *qchat.Client, u *User) ([]qchat.Conversation, error) {
	convs, err := c.Conversations(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	mine := convs[:0]
	for _, cv := range convs {
		ok, err := a.claim(ctx, cv.ID, u)
		if err != nil {
			return nil, err
		}
		if ok {
			mine = append(mine, cv)
		}
	}
	return mine, nil
}

// claim files id under u unless it is filed under someone else, and
// reports whether it is u's. A conversation filed under another user is
// never refiled: Q Business may list one person's conversations to two
// sign-ins (one email at two IdPs), the gateway keeps them apart.
func (a *api) claim(ctx context.Context, id string, u *User) (bool, error) {
	owner, err := a.owners.Owner(ctx, id)
	switch {
	case err == nil:
		return owner == u.Owner, nil
	case !errors.Is(err, session.ErrNotFound):
		return false, storeDown(fmt.Errorf("owner of conversation %s: %w", id, err))
	}
	if err := a.owners.SetOwner(ctx, id, u.Owner, ownerTTL); err != nil {
		return false, storeDown(fmt.Errorf("file conversation %s: %w", id, err))
	}
	return true, nil
}

// file records a conversation u's chat created. The answer is already
// u's, so a failure is logged, not answered: the next listing files it.
func (a *api) file(ctx context.Context, u *User, id string) {
	if id == "" {
		return
	}
	if err := a.owners.SetOwner(context.WithoutCancel(ctx), id, u.Owner, ownerTTL); err != nil {
		a.log.WarnContext(ctx, "file conversation owner", "conversation", id, "err", err)
	}
}
