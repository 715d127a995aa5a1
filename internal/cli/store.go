package cli

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// openStore opens the token cache: the backend named by
// QBIZ_KEYRING_BACKEND, else the profile's qbiz_keyring_backend, else the
// OS keyring. The file backend's passphrase comes from
// QBIZ_KEYRING_PASSWORD or, on a terminal only, a prompt.
func (a *app) openStore(p config.Profile) (*tokencache.Store, error) {
	s, err := tokencache.Open(tokencache.Options{
		Backend: first(a.getenv("QBIZ_KEYRING_BACKEND"), p.KeyringBackend),
		Env:     a.cfgEnv(),
		Prompt:  a.passphrasePrompt(),
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// passphrasePrompt asks on the terminal without echo; nil unless stdin is
// a terminal (not merely a character device such as /dev/null), so
// nothing ever waits for input that cannot come and the store says to
// set QBIZ_KEYRING_PASSWORD instead.
func (a *app) passphrasePrompt() tokencache.PromptFunc {
	if a.env.IsTerminal == nil || !a.env.IsTerminal() {
		return nil
	}
	f, ok := a.env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(prompt string) (string, error) {
		fmt.Fprintf(a.env.Stderr, "%s: ", prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read passphrase: %w", err)
		}
		return string(b), nil
	}
}

// cachedEntry returns the profile's cached sign-in; nothing cached is
// identity.ErrNotLoggedIn (tokencache.ErrNotFound matches it).
func cachedEntry(s *tokencache.Store, profile string) (tokencache.Entry, bool, error) {
	e, err := s.Get(profile)
	if errors.Is(err, tokencache.ErrNotFound) {
		return tokencache.Entry{}, false, nil
	}
	if err != nil {
		return tokencache.Entry{}, false, err
	}
	return e, true, nil
}
