package tokencache

import (
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/identity"
)

var (
	// ErrNotFound means nothing is cached for the profile. It matches
	// identity.ErrNotLoggedIn too.
	ErrNotFound = fmt.Errorf("no cached sign-in: %w", identity.ErrNotLoggedIn)
	// ErrNoSecureBackend means no OS keyring could be opened and the
	// encrypted file backend was not chosen.
	ErrNoSecureBackend = errors.New("no OS keyring is available; set QBIZ_KEYRING_BACKEND=file " +
		"to use the encrypted file backend (passphrase from QBIZ_KEYRING_PASSWORD or a prompt)")
	// ErrNoPassphrase means the file backend has no way to get its
	// passphrase.
	ErrNoPassphrase = errors.New("the encrypted file keyring needs a passphrase: " +
		"set QBIZ_KEYRING_PASSWORD or run on a terminal")
	// ErrWrongPassphrase means the file backend's passphrase is not the
	// one its cache was created with.
	ErrWrongPassphrase = errors.New("the keyring passphrase does not match the one this cache was created with")
	// ErrCorrupt means a stored item could not be decoded or does not
	// belong where it was found.
	ErrCorrupt = errors.New("corrupt token cache entry")
	// ErrUnsafePath means a file or directory the store writes is a
	// symbolic link or not what it should be.
	ErrUnsafePath = errors.New("unsafe token cache path")
	// ErrInvalidProfile means a profile name is unusable as a store key.
	ErrInvalidProfile = errors.New("invalid profile name")
)

// UnreadableError is a profile's cached sign-in that exists but cannot be
// read back: truncated, garbled, or not opening with the cache's
// passphrase. It matches ErrCorrupt and identity.ErrReauthRequired: a new
// sign-in replaces it, and Delete removes it.
type UnreadableError struct {
	Profile string
	// Where is the item's file (file backend) or keyring item.
	Where string
	err   error
}

func (e *UnreadableError) Error() string {
	return fmt.Sprintf("cached sign-in for profile %s is unreadable (%s)", e.Profile, e.Where)
}

func (e *UnreadableError) Unwrap() []error { return []error{e.err, identity.ErrReauthRequired} }
