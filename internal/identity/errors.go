package identity

import "errors"

// Sentinel errors for decisions callers make. Wrap them with %w and test
// with errors.Is. Every failure that only a new interactive sign-in can
// fix matches ErrReauthRequired, whichever package names it (see
// NeedsSignIn), so callers never re-classify.
var (
	// ErrReauthRequired means no silent refresh is possible: the user must
	// sign in interactively again.
	ErrReauthRequired = errors.New("interactive sign-in required")
	// ErrNotLoggedIn means nothing is cached for the profile.
	ErrNotLoggedIn = NeedsSignIn("not logged in")
	// ErrIdentityChanged means a refresh or re-login returned a different
	// (issuer, subject) than the one cached; the caller must discard
	// everything held for the old identity.
	ErrIdentityChanged = NeedsSignIn("signed-in identity changed")
)

// NeedsSignIn returns a new sentinel error with text msg that also
// matches ErrReauthRequired: a failure only a new sign-in can fix.
func NeedsSignIn(msg string) error { return &reauthError{msg} }

type reauthError struct{ msg string }

func (e *reauthError) Error() string { return e.msg }

func (e *reauthError) Is(target error) bool { return target == ErrReauthRequired }
