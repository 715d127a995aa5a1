package tokencache

import (
	"errors"
	"strings"
	"testing"

	"github.com/99designs/keyring"
)

// TestNamedKeyringUnavailableSaysWhatToDo: an OS keyring named explicitly
// that cannot be opened is an error naming that keyring, keeping the
// keyring library's reason, and saying how to use the encrypted file
// backend instead — both variables it needs.
func TestNamedKeyringUnavailableSaysWhatToDo(t *testing.T) {
	failing := func(keyring.Config) (keyring.Keyring, error) { return nil, keyring.ErrNoAvailImpl }
	_, err := openWith(Options{Dir: t.TempDir(), Backend: "keychain", Env: mapEnv{}}, failing)
	if !errors.Is(err, keyring.ErrNoAvailImpl) {
		t.Fatalf("Open = %v, want the keyring library's reason kept", err)
	}
	for _, want := range []string{`"keychain"`, "not available", "QBIZ_KEYRING_BACKEND=file", PassphraseEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Open = %q, want it to say %s", err, want)
		}
	}
}
