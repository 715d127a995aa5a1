package tokencache

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/99designs/keyring"

	"github.com/qbiz/qbiz/internal/atomicfile"
)

// The file cache's passphrase is the one its check file opens with: a dot
// file in the keyring directory holding a constant, sealed like an item.
// The first write to a cache creates it; a cache written before there was
// a check file gets one at its next write, under the passphrase its items
// open with. Nothing is ever written under another passphrase, so one
// passphrase always opens every item.
const (
	passCheckName = ".passphrase-check"
	passCheckData = "qbiz file keyring passphrase check"
)

// errNoCheck means the check file is missing, or malformed and to be
// replaced.
var errNoCheck = errors.New("no passphrase check file")

// verify returns the passphrase once it is known to be the cache's.
func (k *fileKeyring) verify() (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	password, err := k.unlockLocked()
	if err != nil || k.verified {
		return password, err
	}
	if err := k.establish(password); err != nil {
		return "", err
	}
	k.verified = true
	return password, nil
}

// establish checks password against the check file, creating the file
// when there is none. A concurrent first writer may create it between
// the read and the create: then it is read again.
func (k *fileKeyring) establish(password string) error {
	for attempt := 0; ; attempt++ {
		err := k.openCheck(password)
		if !errors.Is(err, errNoCheck) {
			return err
		}
		commit := atomicfile.Create
		if errors.Is(err, ErrCorrupt) {
			commit = atomicfile.Write
		}
		err = k.adopt(password, commit)
		if !errors.Is(err, fs.ErrExist) || attempt > 0 {
			return err
		}
	}
}

func (k *fileKeyring) openCheck(password string) error {
	data, err := readNoFollow(filepath.Join(k.dir, passCheckName))
	if errors.Is(err, fs.ErrNotExist) {
		return errNoCheck
	}
	if err != nil {
		return err
	}
	it, err := unseal(password, data)
	switch {
	case errors.Is(err, errUndecryptable):
		return k.wrongPassphrase()
	case err != nil || string(it.Data) != passCheckData:
		return fmt.Errorf("%w: %w: malformed", errNoCheck, ErrCorrupt)
	}
	return nil
}

// adopt makes password the cache's, unless the items say otherwise.
func (k *fileKeyring) adopt(password string, commit func(path string, data []byte) error) error {
	if err := k.admittedByItems(password); err != nil {
		return err
	}
	data, err := seal(password, keyring.Item{Key: passCheckName, Data: []byte(passCheckData)})
	if err != nil {
		return err
	}
	return commit(filepath.Join(k.dir, passCheckName), data)
}

// admittedByItems refuses password when some stored item is well formed
// and none opens with it. Damaged items are no evidence either way.
func (k *fileKeyring) admittedByItems(password string) error {
	keys, err := k.Keys()
	if err != nil {
		return err
	}
	refused := false
	for _, key := range keys {
		data, err := readNoFollow(filepath.Join(k.dir, key))
		if err != nil {
			continue
		}
		_, err = unseal(password, data)
		if err == nil {
			return nil
		}
		refused = refused || errors.Is(err, errUndecryptable)
	}
	if refused {
		return k.wrongPassphrase()
	}
	return nil
}

func (k *fileKeyring) wrongPassphrase() error {
	return fmt.Errorf("file keyring %s: %w", k.dir, ErrWrongPassphrase)
}
