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
	fileDir string       // non-empty for the file backend
	file    *fileKeyring // the file backend, when chosen
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
	if err := s.openBackend(opts, open); err != nil {
		return nil, fmt.Errorf("open token cache: %w", err)
	}
	return s, nil
}

// openBackend opens the file backend itself, any other through the
// keyring library.
func (s *Store) openBackend(opts Options, open opener) error {
	if opts.Backend == string(keyring.FileBackend) {
		return s.openFileBackend(opts)
	}
	cfg, err := keyringConfig(opts)
	if err != nil {
		return err
	}
	s.kr, err = openKeyring(open, cfg, opts.Backend)
	return err
}

func (s *Store) openFileBackend(opts Options) error {
	if opts.getenv(PassphraseEnv) == "" && opts.Prompt == nil {
		return ErrNoPassphrase
	}
	s.fileDir = fileBackendDir(s.dataDir)
	if err := ensureSecureDir(s.fileDir); err != nil {
		return err
	}
	s.file = newFileKeyring(s.fileDir, passphrase(opts))
	s.kr = s.file
	return nil
}

// CheckPassphrase makes sure the file backend's passphrase is the one its
// cache was created with, asking for it if need be, and fails with
// ErrWrongPassphrase otherwise; a new cache takes it. Call it before work
// that ends in a write (a sign-in). Other backends have no passphrase.
func (s *Store) CheckPassphrase() error {
	if s.file == nil {
		return nil
	}
	if _, err := s.file.verify(); err != nil {
		return fmt.Errorf("open token cache: %w", err)
	}
	return nil
}

func checkProfile(profile string) error {
	if !validProfile(profile) {
		return fmt.Errorf("%w: %q", ErrInvalidProfile, profile)
	}
	return nil
}

// itemKey names the one keyring item holding the profile's entry; the
// entry carries its identity. Profiles hold no ':', so no item key is a
// prefix of another's.
func itemKey(profile string) string         { return "qbiz:signin:" + profile }
func clientSecretKey(profile string) string { return "qbiz:client-secret:" + profile }

// Get returns the entry of the user currently signed in with profile, or
// an error matching ErrNotFound; an entry that exists but cannot be read
// is an *UnreadableError. It reads one keyring item (a store written
// before that layout is read in its old form until the next Put).
func (s *Store) Get(profile string) (Entry, error) {
	if err := checkProfile(profile); err != nil {
		return Entry{}, err
	}
	e, err := s.read(profile)
	var u *UnreadableError
	if errors.As(err, &u) {
		return Entry{}, err
	}
	if err != nil {
		return Entry{}, fmt.Errorf("get %s: %w", profile, err)
	}
	return e, nil
}

func (s *Store) read(profile string) (Entry, error) {
	key := itemKey(profile)
	data, err := s.get(key)
	if errors.Is(err, ErrNotFound) {
		return s.readLegacy(profile)
	}
	var e Entry
	if err == nil {
		e, err = decodeEntry(data)
	}
	if err == nil && e.Identity.IsZero() {
		err = fmt.Errorf("%w: entry has no identity", ErrCorrupt)
	}
	return e, s.unreadable(profile, key, err)
}

// unreadable names the profile's item when err says it is damaged.
func (s *Store) unreadable(profile, key string, err error) error {
	if !errors.Is(err, ErrCorrupt) {
		return err
	}
	where := "keyring item " + key
	if s.fileDir != "" {
		where = filepath.Join(s.fileDir, key)
	}
	return &UnreadableError{Profile: profile, Where: where, err: err}
}

// Put stores e as the profile's entry, replacing whatever was there: the
// entry of a previous identity is overwritten, and any item of the
// earlier layout is deleted.
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
	if err := s.set(itemKey(profile), data, profile); err != nil {
		return err
	}
	return s.removeLegacy(profile)
}

// Delete forgets the profile's entry. Deleting nothing is not an error.
// The client secret is configuration and stays (DeleteClientSecret).
func (s *Store) Delete(profile string) error {
	if err := checkProfile(profile); err != nil {
		return err
	}
	err := s.remove(itemKey(profile))
	if err == nil {
		err = s.removeLegacy(profile)
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", profile, err)
	}
	return nil
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
