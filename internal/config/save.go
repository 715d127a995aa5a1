package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/qbiz/qbiz/internal/atomicfile"
)

// ErrSymlink means the config file is a symbolic link, which Save refuses
// to replace or follow.
var ErrSymlink = errors.New("config file is a symbolic link; set AWS_CONFIG_FILE to the real file")

// Save writes p into the config file, replacing only p's section (or
// appending it) and preserving everything else byte for byte. It validates
// p first, so nothing malformed or multi-line is ever written. The file is
// replaced atomically with mode 0600; a missing directory is created 0700.
func Save(env Env, p Profile) error {
	if err := p.Validate(); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	path, err := Path(env)
	if err != nil {
		return fmt.Errorf("save profile %q: %w", p.Name, err)
	}
	if p.CredentialProcess == "" {
		p.CredentialProcess = CredentialProcessCommand("", p.Name)
	}
	if err := saveTo(path, p); err != nil {
		return fmt.Errorf("save profile %q to %s: %w", p.Name, path, err)
	}
	return nil
}

func saveTo(path string, p Profile) error {
	dir := filepath.Dir(path)
	if err := ensureDir(dir); err != nil {
		return err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	data, err := readRegular(path)
	if err != nil {
		return err
	}
	doc := parseDocument(data)
	if err := doc.check(); err != nil {
		return err
	}
	if err := doc.setProfile(p); err != nil {
		return err
	}
	return atomicfile.Write(path, doc.bytes())
}

// readRegular reads path if it is a regular file, returns nothing if it
// does not exist, and refuses anything else.
func readRegular(path string) ([]byte, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, ErrSymlink
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return os.ReadFile(path)
}

// ensureDir creates dir (and missing parents) with mode 0700, set
// explicitly so the umask cannot widen or narrow it. Existing directories
// are left alone.
func ensureDir(dir string) error {
	if _, err := os.Lstat(dir); err == nil {
		return nil
	}
	if err := ensureDir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return os.Chmod(dir, 0o700)
}
