package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// TestReadersNeverSeeAPartialFile: while one writer replaces the file
// again and again with large contents, every read sees one whole version.
func TestReadersNeverSeeAPartialFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "item")
	versions := [][]byte{bytes.Repeat([]byte("a"), 1<<20), bytes.Repeat([]byte("b"), 1<<20)}
	if err := Write(path, versions[0]); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := Write(path, versions[i%2]); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for range 300 {
		got, err := os.ReadFile(path)
		if err != nil || (!bytes.Equal(got, versions[0]) && !bytes.Equal(got, versions[1])) {
			t.Errorf("read %d bytes, err %v: not one whole version", len(got), err)
			break
		}
	}
	close(stop)
	wg.Wait()
}

// TestMode0600WhateverTheUmask: a written file is 0600, neither wider
// (umask 0, over a world-readable file) nor narrower (umask 0277).
func TestMode0600WhateverTheUmask(t *testing.T) {
	for _, umask := range []int{0, 0o277} {
		old := syscall.Umask(umask)
		path := filepath.Join(t.TempDir(), "item")
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, write := range []func(string, []byte) error{Write, Create} {
			os.Remove(path)
			if err := write(path, []byte("new")); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("umask %o: mode %v, err %v; want 0600", umask, fi.Mode().Perm(), err)
			}
		}
		syscall.Umask(old)
	}
}

// TestCreateFirstWins: Create over an existing file fails with
// fs.ErrExist and leaves it unchanged, and leaves no temporary file.
func TestCreateFirstWins(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "check")
	if err := Create(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := Create(path, []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second Create: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Errorf("content %q, want first", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries in the directory, want the file alone", len(entries))
	}
}
