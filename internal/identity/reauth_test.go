package identity

import (
	"errors"
	"fmt"
	"testing"
)

// TestNeedsSignInMatchesReauth: the sentinels only a new sign-in can fix
// match ErrReauthRequired, wrapped or not, keep their own text and stay
// distinct from each other.
func TestNeedsSignInMatchesReauth(t *testing.T) {
	for _, e := range []error{ErrNotLoggedIn, ErrIdentityChanged, NeedsSignIn("refused")} {
		if !errors.Is(fmt.Errorf("renew: %w", e), ErrReauthRequired) {
			t.Errorf("%q does not match ErrReauthRequired", e)
		}
	}
	if errors.Is(ErrNotLoggedIn, ErrIdentityChanged) || errors.Is(ErrIdentityChanged, ErrNotLoggedIn) {
		t.Error("ErrNotLoggedIn and ErrIdentityChanged match each other")
	}
	if ErrNotLoggedIn.Error() != "not logged in" || errors.Is(ErrReauthRequired, ErrNotLoggedIn) {
		t.Errorf("ErrNotLoggedIn = %q", ErrNotLoggedIn)
	}
}
