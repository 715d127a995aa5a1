package tokencache

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/99designs/keyring"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// Store is the CLI's secret store. It is safe for concurrent use to the
// extent the keyring backend is; use Lock to serialise read-modify-write
// sequences for one profile.
type Store struct {
	kr      keyring.Keyring
	dataDir string
	fileDir string // non-empty for the file backend
	locker  *locker
}

// Open opens the store described by opts.
func Open(opts Options) (*Store, error) {
	return openWith(opts, keyring.Open)
}

func openWith(opts Options, open opener) (*Store, error) {
	dataDir, err := opts.dataDir()
	if err != nil {
		return nil, fmt.Errorf("open token cache: %w", err)
	}
	s := &Store{dataDir: dataDir, locker: newLocker(filepath.Join(dataDir, "locks"), opts)}
	if opts.Backend == string(keyring.FileBackend) {
		if err := s.prepareFileBackend(opts); err != nil {
			return nil, fmt.Errorf("open token cache: %w", err)
		}
	}
	cfg, err := keyringConfig(opts, s.fileDir)
	if err != nil {
		return nil, fmt.Errorf("open token cache: %w", err)
	}
	if s.kr, err = openKeyring(open, cfg, opts.Backend); err != nil {
		return nil, fmt.Errorf("open token cache: %w", err)
	}
	return s, nil
}

func (s *Store) prepareFileBackend(opts Options) error {
	if opts.getenv(PassphraseEnv) == "" && opts.Prompt == nil {
		return ErrNoPassphrase
	}
	s.fileDir = fileBackendDir(s.dataDir)
	return ensureSecureDir(s.fileDir)
}

func checkProfile(profile string) error {
	if !validProfile(profile) {
		return fmt.Errorf("%w: %q", ErrInvalidProfile, profile)
	}
	return nil
}

func pointerKey(profile string) string      { return "qbiz:current:" + profile }
func entryKey(profile, idKey string) string { return "qbiz:entry:" + profile + ":" + idKey }
func clientSecretKey(profile string) string { return "qbiz:client-secret:" + profile }

// Get returns the entry of the user currently signed in with profile, or
// an error matching ErrNotFound.
func (s *Store) Get(profile string) (Entry, error) {
	if err := checkProfile(profile); err != nil {
		return Entry{}, err
	}
	idKey, err := s.current(profile)
	if err != nil {
		return Entry{}, fmt.Errorf("get %s: %w", profile, err)
	}
	data, err := s.get(entryKey(profile, idKey))
	if err != nil {
		return Entry{}, fmt.Errorf("get %s: %w", profile, err)
	}
	e, err := decodeEntry(data)
	if err == nil && e.Identity.Key() != idKey {
		err = fmt.Errorf("%w: entry filed under another identity", ErrCorrupt)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("get %s: %w", profile, err)
	}
	return e, nil
}

// Put stores e as the profile's current entry, filed under its identity.
// An entry of a previous identity is deleted.
func (s *Store) Put(profile string, e Entry) error {
	if err := checkProfile(profile); err != nil {
		return err
	}
	if e.Identity.IsZero() {
		return fmt.Errorf("put %s: entry has no identity", profile)
	}
	if err := s.put(profile, e); err != nil {
		return fmt.Errorf("put %s: %w", profile, err)
	}
	return nil
}

func (s *Store) put(profile string, e Entry) error {
	data, err := encodeEntry(e)
	if err != nil {
		return err
	}
	idKey := e.Identity.Key()
	old, err := s.current(profile)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if err := s.set(entryKey(profile, idKey), data, profile); err != nil {
		return err
	}
	if err := s.set(pointerKey(profile), []byte(idKey), profile); err != nil {
		return err
	}
	if old != "" && old != idKey {
		return s.remove(entryKey(profile, old))
	}
	return nil
}

// Delete forgets the profile's entry. Deleting nothing is not an error.
// The client secret is configuration and stays (DeleteClientSecret).
func (s *Store) Delete(profile string) error {
	if err := checkProfile(profile); err != nil {
		return err
	}
	idKey, err := s.current(profile)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err == nil {
		err = s.remove(entryKey(profile, idKey))
	}
	if err == nil {
		err = s.remove(pointerKey(profile))
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", profile, err)
	}
	return nil
}

// current returns the identity key the profile points to.
func (s *Store) current(profile string) (string, error) {
	data, err := s.get(pointerKey(profile))
	if err != nil {
		return "", err
	}
	if !validIDKey(string(data)) {
		return "", fmt.Errorf("%w: bad identity pointer", ErrCorrupt)
	}
	return string(data), nil
}

// CheckIdentity returns identity.ErrIdentityChanged unless the entry
// belongs to id.
func (e Entry) CheckIdentity(id identity.Identity) error {
	if !e.Identity.SameUser(id) {
		return identity.ErrIdentityChanged
	}
	return nil
}

// ClientSecret returns the profile's OAuth client secret, or an error
// matching ErrNotFound.
func (s *Store) ClientSecret(profile string) (logging.Secret, error) {
	if err := checkProfile(profile); err != nil {
		return "", err
	}
	data, err := s.get(clientSecretKey(profile))
	if err != nil {
		return "", fmt.Errorf("client secret of %s: %w", profile, err)
	}
	return logging.Secret(data), nil
}

// PutClientSecret stores the profile's OAuth client secret.
func (s *Store) PutClientSecret(profile string, secret logging.Secret) error {
	if err := checkProfile(profile); err != nil {
		return err
	}
	if err := s.set(clientSecretKey(profile), []byte(secret.Reveal()), profile); err != nil {
		return fmt.Errorf("store client secret of %s: %w", profile, err)
	}
	return nil
}

// DeleteClientSecret forgets the profile's client secret.
func (s *Store) DeleteClientSecret(profile string) error {
	if err := checkProfile(profile); err != nil {
		return err
	}
	if err := s.remove(clientSecretKey(profile)); err != nil {
		return fmt.Errorf("delete client secret of %s: %w", profile, err)
	}
	return nil
}
