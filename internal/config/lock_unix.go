//go:build unix

package config

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes an exclusive advisory lock on the directory itself, so
// concurrent qbiz writers of the config file serialise their
// read-modify-write without leaving a lock file behind.
func lockDir(dir string) (func(), error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := flock(d); err != nil {
		d.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return func() {
		unix.Flock(int(d.Fd()), unix.LOCK_UN)
		d.Close()
	}, nil
}

func flock(d *os.File) error {
	for {
		err := unix.Flock(int(d.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			return err
		}
	}
}
