package tokencache

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeAtomic replaces path with data: a new file in the same directory
// is written with mode 0600 and synced, then renamed over path, and the
// directory is synced. A reader opens either the old file or the new one,
// never one being written, and a crash leaves one or the other.
func writeAtomic(path string, data []byte) error {
	return commitTemp(path, data, os.Rename)
}

// createAtomic is writeAtomic that fails with fs.ErrExist, and changes
// nothing, when path already exists: the first of concurrent creators
// wins.
func createAtomic(path string, data []byte) error {
	return commitTemp(path, data, os.Link)
}

// commitTemp writes data to a temporary file next to path (a dot file,
// never taken for an item), syncs it, and puts it in place with commit.
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
		err = syncDir(dir)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeSynced forces mode 0600 (CreateTemp's mode is narrowed by the
// umask), writes data and syncs it to disk.
func writeSynced(f *os.File, data []byte) error {
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// syncDir makes a rename or link in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// readNoFollow reads the regular file at path without following a
// symbolic link; a missing file matches fs.ErrNotExist.
func readNoFollow(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNoFollow, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrUnsafePath, path)
	}
	return io.ReadAll(f)
}
