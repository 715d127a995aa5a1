package identity

import "errors"

// Sentinel errors for decisions callers make. Wrap them with %w and test
// with errors.Is.
var (
	// ErrReauthRequired means no silent refresh is possible: the user must
	// sign in interactively again.
	ErrReauthRequired = errors.New("interactive sign-in required")
	// ErrNotLoggedIn means nothing is cached for the profile.
	ErrNotLoggedIn = errors.New("not logged in")
	// ErrIdentityChanged means a refresh or re-login returned a different
	// (issuer, subject) than the one cached; the caller must discard
	// everything held for the old identity.
	ErrIdentityChanged = errors.New("signed-in identity changed")
)
