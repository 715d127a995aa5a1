package tokencache

import (
	"errors"
	"path/filepath"
	"time"
)

// Env is the process environment, passed in by the composition root.
type Env interface {
	Getenv(key string) string
}

// PromptFunc asks the user for a passphrase (without echo).
type PromptFunc func(prompt string) (string, error)

// Options configure Open.
type Options struct {
	// Backend is "" for the OS keyring chosen automatically, "file" for the
	// encrypted file backend, or one named OS backend ("secret-service",
	// "keychain", "wincred", "keyctl", "pass", "kwallet").
	Backend string
	// Dir is the data directory; "" means $XDG_DATA_HOME/qbiz, else
	// $HOME/.local/share/qbiz. The file backend keeps its items in
	// Dir/keyring and locks live in Dir/locks.
	Dir string
	// Env supplies QBIZ_KEYRING_PASSWORD, XDG_DATA_HOME and HOME.
	Env Env
	// Prompt asks for the file backend's passphrase when the environment
	// does not give one; nil means non-interactive.
	Prompt PromptFunc
	// Now is the clock for lock leases; nil means time.Now.
	Now func() time.Time
	// LeaseTTL is how long a lock lease lasts without renewal; 0 means
	// DefaultLeaseTTL.
	LeaseTTL time.Duration
}

// DefaultLeaseTTL bounds how long a crashed lock holder on another host
// (or one whose process id was reused) can block others.
const DefaultLeaseTTL = 30 * time.Second

// PassphraseEnv is the environment variable holding the file backend's
// passphrase.
const PassphraseEnv = "QBIZ_KEYRING_PASSWORD"

var errNoDataDir = errors.New("cannot locate the data directory: set HOME or XDG_DATA_HOME")

func (o Options) dataDir() (string, error) {
	if o.Dir != "" {
		return o.Dir, nil
	}
	if o.Env == nil {
		return "", errNoDataDir
	}
	if x := o.Env.Getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "qbiz"), nil
	}
	if h := o.Env.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "qbiz"), nil
	}
	return "", errNoDataDir
}

func (o Options) getenv(key string) string {
	if o.Env == nil {
		return ""
	}
	return o.Env.Getenv(key)
}

func (o Options) clock() func() time.Time {
	if o.Now != nil {
		return o.Now
	}
	return time.Now
}

func (o Options) leaseTTL() time.Duration {
	if o.LeaseTTL > 0 {
		return o.LeaseTTL
	}
	return DefaultLeaseTTL
}
