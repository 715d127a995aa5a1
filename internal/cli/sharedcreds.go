package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writeSharedCredentials sets one section of the AWS shared credentials
// file (the standard home of an application's long-term keys), keeping
// every other line. The file is replaced atomically with mode 0600 in a
// 0700 directory and never through a symbolic link.
func writeSharedCredentials(path, profile, keyID, secretKey string) error {
	if path == "" {
		return errors.New("no credentials file: set HOME or AWS_SHARED_CREDENTIALS_FILE")
	}
	if strings.ContainsAny(keyID+secretKey, "\r\n") {
		return errors.New("malformed keys")
	}
	old, err := readNoLink(path)
	if err != nil {
		return err
	}
	body := withoutSection(old, profile) + fmt.Sprintf("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n", profile, keyID, secretKey)
	return replaceFile(path, []byte(body))
}

func readNoLink(path string) (string, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", path)
	}
	b, err := os.ReadFile(path)
	return string(b), err
}

// withoutSection drops the [profile] section; the rest ends with a
// blank line when non-empty.
func withoutSection(text, profile string) string {
	var out []string
	skip := false
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			skip = strings.TrimSpace(strings.Trim(t, "[]")) == profile
		}
		if !skip {
			out = append(out, line)
		}
	}
	s := strings.TrimRight(strings.Join(out, "\n"), "\n")
	if s == "" {
		return ""
	}
	return s + "\n\n"
}

func replaceFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".credentials.*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
