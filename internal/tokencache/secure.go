package tokencache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ensureSecureDir makes dir exist as a real directory with mode 0700:
// missing directories are created and chmod-ed explicitly (the umask can
// neither widen nor narrow them), an existing one that is wider is
// tightened, and a symbolic link or non-directory is refused.
func ensureSecureDir(dir string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return createDir(dir)
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() || fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%w: %s is not a directory", ErrUnsafePath, dir)
	}
	if fi.Mode().Perm() != 0o700 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

func createDir(dir string) error {
	parent := filepath.Dir(dir)
	if _, err := os.Lstat(parent); errors.Is(err, fs.ErrNotExist) {
		if err := createDir(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return ensureSecureDir(dir)
}

// checkFile vets a file about to be read or rewritten by a library that
// follows links: it must be absent or a regular file, never a symbolic
// link, and is tightened to 0600.
func checkFile(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%w: %s is not a regular file", ErrUnsafePath, path)
	}
	if fi.Mode().Perm() != 0o600 {
		return os.Chmod(path, 0o600)
	}
	return nil
}

// openPrivate opens or creates path for reading and writing without
// following a symbolic link, and forces mode 0600.
func openPrivate(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|oNoFollow, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%w: open %s: %w", ErrUnsafePath, path, err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%w: %s is not a regular file", ErrUnsafePath, path)
	}
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
