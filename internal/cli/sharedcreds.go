package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/qbiz/qbiz/internal/atomicfile"
)

// removeSharedCredentials drops the [profile] section of the AWS shared
// credentials file, keeping every other line, and reports whether there
// was one. The file is replaced atomically with mode 0600 and never
// through a symbolic link; a missing file is left missing.
func removeSharedCredentials(path, profile string) (bool, error) {
	if path == "" {
		return false, nil
	}
	old, err := readNoLink(path)
	if err != nil || !hasSection(old, profile) {
		return false, err
	}
	return true, atomicfile.Write(path, []byte(withoutSection(old, profile)))
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

// sectionName returns the name in a "[name]" header line.
func sectionName(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "[") {
		return "", false
	}
	return strings.TrimSpace(strings.Trim(t, "[]")), true
}

func hasSection(text, profile string) bool {
	for _, line := range strings.Split(text, "\n") {
		if name, ok := sectionName(line); ok && name == profile {
			return true
		}
	}
	return false
}

// withoutSection drops the [profile] section; the rest ends with a
// blank line when non-empty.
func withoutSection(text, profile string) string {
	var out []string
	skip := false
	for _, line := range strings.Split(text, "\n") {
		if name, ok := sectionName(line); ok {
			skip = name == profile
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
