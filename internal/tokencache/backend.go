package tokencache

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/99designs/keyring"
)

// ServiceName names qbiz's items in OS keyrings.
const ServiceName = "qbiz"

// autoBackends are tried in order when no backend is named. The file
// backend is deliberately absent.
var autoBackends = []keyring.BackendType{
	keyring.SecretServiceBackend, keyring.KeychainBackend, keyring.WinCredBackend,
	keyring.KeyCtlBackend, keyring.PassBackend,
}

type opener func(keyring.Config) (keyring.Keyring, error)

// keyringConfig builds the keyring library's configuration for opts (every
// backend but the file backend, which is this package's own).
func keyringConfig(opts Options) (keyring.Config, error) {
	cfg := keyring.Config{
		ServiceName:             ServiceName,
		KeychainName:            "login",
		LibSecretCollectionName: "login",
		KeyCtlScope:             "user",
		PassPrefix:              ServiceName,
		WinCredPrefix:           ServiceName,
		KWalletAppID:            ServiceName,
		KWalletFolder:           ServiceName,
	}
	switch b := keyring.BackendType(opts.Backend); {
	case b == keyring.InvalidBackend:
		cfg.AllowedBackends = autoBackends
	case slices.Contains(autoBackends, b) || b == keyring.KWalletBackend:
		cfg.AllowedBackends = []keyring.BackendType{b}
	default:
		return cfg, fmt.Errorf("unknown keyring backend %q", opts.Backend)
	}
	return cfg, nil
}

// openKeyring opens the configured backend, mapping "nothing available"
// to ErrNoSecureBackend; a named backend that fails says how to use the
// file backend instead.
func openKeyring(open opener, cfg keyring.Config, named string) (keyring.Keyring, error) {
	kr, err := open(cfg)
	if err == nil {
		return kr, nil
	}
	if named == "" {
		return nil, fmt.Errorf("open keyring (tried %v): %w", cfg.AllowedBackends, ErrNoSecureBackend)
	}
	return nil, fmt.Errorf("open keyring backend %q: %w; to use the encrypted file backend instead, "+
		"set QBIZ_KEYRING_BACKEND=file and %s (or run on a terminal to be asked for the passphrase)", named, err, PassphraseEnv)
}

// passphrase returns the file backend's passphrase source: the
// environment first (non-interactive use), then the prompt.
func passphrase(opts Options) keyring.PromptFunc {
	return func(prompt string) (string, error) {
		if p := opts.getenv(PassphraseEnv); p != "" {
			return p, nil
		}
		if opts.Prompt == nil {
			return "", ErrNoPassphrase
		}
		p, err := opts.Prompt(prompt)
		if err != nil {
			return "", fmt.Errorf("read keyring passphrase: %w: %w", err, ErrNoPassphrase)
		}
		if p == "" {
			return "", ErrNoPassphrase
		}
		return p, nil
	}
}

func fileBackendDir(dataDir string) string { return filepath.Join(dataDir, "keyring") }
