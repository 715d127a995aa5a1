package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with data (mode 0600).
func Write(path string, data []byte) error {
	return commitTemp(path, data, os.Rename)
}

// Create is Write that fails with fs.ErrExist, and changes nothing, when
// path already exists: the first of concurrent creators wins.
func Create(path string, data []byte) error {
	return commitTemp(path, data, os.Link)
}

// commitTemp writes data to a temporary dot file next to path, syncs it,
// and puts it in place with commit.
func commitTemp(path string, data []byte, commit func(tmp, path string) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a rename there is nothing left to remove
	err = writeSynced(f, data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = commit(tmp, path)
	}
	if err == nil {
		err = SyncDir(dir)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeSynced forces mode 0600 (os.CreateTemp's 0600 is narrowed by a
// strict umask, and the owner must still be able to edit the file),
// writes data and syncs it to disk.
func writeSynced(f *os.File, data []byte) error {
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// SyncDir makes a rename, link or removal in dir durable. A file system
// that cannot sync a directory (fs.ErrInvalid) is not an error.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, fs.ErrInvalid) {
		return nil
	}
	return err
}
