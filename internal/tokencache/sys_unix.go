//go:build unix

package tokencache

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

const oNoFollow = syscall.O_NOFOLLOW

// flock takes (or releases) an advisory lock on f's open file
// description; a crashed holder's lock is released by the kernel.
func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

func lockFile(f *os.File) error   { return flock(f, unix.LOCK_EX) }
func unlockFile(f *os.File) error { return flock(f, unix.LOCK_UN) }

// processAlive reports whether pid names a live process on this host.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}
