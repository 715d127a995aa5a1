package cli

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// TestFileStoreWithoutTerminalNamesThePassphraseVariable: stdin that is a
// character device but no terminal (/dev/null, as credential_process and
// CI give) is never prompted on, even when the environment calls it a
// terminal: opening the file store fails naming QBIZ_KEYRING_PASSWORD
// instead of failing later with the terminal ioctl's error.
func TestFileStoreWithoutTerminalNamesThePassphraseVariable(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	vars := map[string]string{"HOME": t.TempDir(), "QBIZ_KEYRING_BACKEND": "file"}
	a := newApp(Env{Stdin: devnull, Stderr: io.Discard, Getenv: func(k string) string { return vars[k] },
		IsTerminal: func() bool { return true }}, commonFlags{profile: "work"})
	_, err = a.openStore(config.Profile{Name: "work"})
	if !errors.Is(err, tokencache.ErrNoPassphrase) || !strings.Contains(err.Error(), "QBIZ_KEYRING_PASSWORD") {
		t.Errorf("openStore without passphrase or terminal = %v, want ErrNoPassphrase naming QBIZ_KEYRING_PASSWORD", err)
	}
}
