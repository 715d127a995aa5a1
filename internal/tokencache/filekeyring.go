package tokencache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/99designs/keyring"

	"github.com/qbiz/qbiz/internal/atomicfile"
)

// fileKeyring is the encrypted file backend: one file per item in dir,
// named by the item's key, in 99designs/keyring's file format (jwe.go).
// Unlike that library's backend it writes every item atomically, so a
// concurrent reader never sees part of one; it refuses to write under a
// passphrase other than the cache's (passcheck.go); and it tells a
// damaged item from a wrong passphrase.
type fileKeyring struct {
	dir    string
	prompt keyring.PromptFunc

	mu       sync.Mutex
	password string // once known
	verified bool   // the password is the cache's
}

var _ keyring.Keyring = (*fileKeyring)(nil)

func newFileKeyring(dir string, prompt keyring.PromptFunc) *fileKeyring {
	return &fileKeyring{dir: dir, prompt: prompt}
}

// Get reads and decrypts one item. An item that does not open with the
// cache's own passphrase is corrupt; with another passphrase, Get fails
// with ErrWrongPassphrase.
func (k *fileKeyring) Get(key string) (keyring.Item, error) {
	path, err := k.path(key)
	if err != nil {
		return keyring.Item{}, err
	}
	data, err := readNoFollow(path)
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.Item{}, keyring.ErrKeyNotFound
	}
	if err != nil {
		return keyring.Item{}, err
	}
	password, err := k.unlock()
	if err != nil {
		return keyring.Item{}, err
	}
	it, err := unseal(password, data)
	if errors.Is(err, errUndecryptable) {
		return keyring.Item{}, k.undecryptable()
	}
	return it, err
}

// undecryptable classifies an item the passphrase did not open.
func (k *fileKeyring) undecryptable() error {
	if _, err := k.verify(); err != nil {
		return err
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, errUndecryptable)
}

// Set encrypts and writes one item, atomically, after making sure the
// passphrase is the cache's.
func (k *fileKeyring) Set(it keyring.Item) error {
	path, err := k.path(it.Key)
	if err != nil {
		return err
	}
	password, err := k.verify()
	if err != nil {
		return err
	}
	data, err := seal(password, it)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, data)
}

// Remove deletes one item; a missing one is keyring.ErrKeyNotFound.
func (k *fileKeyring) Remove(key string) error {
	path, err := k.path(key)
	if err != nil {
		return err
	}
	err = os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.ErrKeyNotFound
	}
	if err == nil {
		err = atomicfile.SyncDir(k.dir)
	}
	return err
}

// Keys lists the stored items (dot files are the backend's own).
func (k *fileKeyring) Keys() ([]string, error) {
	ents, err := os.ReadDir(k.dir)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, e := range ents {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			keys = append(keys, e.Name())
		}
	}
	return keys, nil
}

// GetMetadata returns the item's modification time only: everything else
// is encrypted.
func (k *fileKeyring) GetMetadata(key string) (keyring.Metadata, error) {
	path, err := k.path(key)
	if err != nil {
		return keyring.Metadata{}, err
	}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return keyring.Metadata{}, keyring.ErrKeyNotFound
	}
	if err != nil {
		return keyring.Metadata{}, err
	}
	return keyring.Metadata{ModificationTime: fi.ModTime()}, nil
}

// path is the item's file. Keys are file names as they are: never empty,
// never a dot file, no '/' or '%' (the library percent-encodes those;
// qbiz's keys hold neither).
func (k *fileKeyring) path(key string) (string, error) {
	if key == "" || strings.HasPrefix(key, ".") || strings.ContainsAny(key, "/%") {
		return "", fmt.Errorf("%w: item key %q", ErrUnsafePath, key)
	}
	return filepath.Join(k.dir, key), nil
}

// unlock returns the passphrase, asking for it once.
func (k *fileKeyring) unlock() (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.unlockLocked()
}

func (k *fileKeyring) unlockLocked() (string, error) {
	if k.password != "" {
		return k.password, nil
	}
	p, err := k.prompt(fmt.Sprintf("Enter passphrase to unlock %q", k.dir))
	if err != nil {
		return "", err
	}
	k.password = p
	return p, nil
}
