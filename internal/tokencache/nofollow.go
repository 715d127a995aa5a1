package tokencache

import (
	"fmt"
	"io"
	"os"
)

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
