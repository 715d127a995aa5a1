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
	// ErrCorrupt means a stored item could not be decoded or does not
	// belong where it was found.
	ErrCorrupt = errors.New("corrupt token cache entry")
	// ErrUnsafePath means a file or directory the store writes is a
	// symbolic link or not what it should be.
	ErrUnsafePath = errors.New("unsafe token cache path")
	// ErrInvalidProfile means a profile name is unusable as a store key.
	ErrInvalidProfile = errors.New("invalid profile name")
)
