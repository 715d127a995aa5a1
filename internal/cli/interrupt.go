package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// cancelled is what the person stopped with Ctrl-C (or the process was
// told to stop): "sign-in cancelled". It needs no hint and no details.
type cancelled string

func (c cancelled) Error() string { return string(c) + " cancelled" }

// interrupted names why an interactive step stopped when its ctx ended
// first: the person cancelled it, or its time ran out; otherwise err is
// returned as it is.
func interrupted(ctx context.Context, err error, what string) error {
	switch {
	case err == nil || ctx.Err() == nil:
		return err
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("the %s did not finish within %s: %w", what, loginTimeout, identity.ErrReauthRequired)
	}
	return cancelled(what)
}

// lockProfile takes the profile's cross-process lock for what ("sign-in",
// "sign-out"). When another qbiz process holds it (a login waiting for its
// browser, a renewal), it says so on stderr, naming the process, and
// waits for it.
func (a *app) lockProfile(ctx context.Context, s *tokencache.Store, profile, what string) (func(), error) {
	unlock, err := s.LockNotify(ctx, profile, func(h tokencache.Holder) {
		fmt.Fprintf(a.env.Stderr, "Another qbiz process (pid %d on %s) is using profile %s, e.g. a login waiting for its browser;\n"+
			"waiting for it to finish before the %s (Ctrl-C to stop)…\n", h.PID, h.Host, profile, what)
	})
	return unlock, interrupted(ctx, err, what)
}
