package tokencache

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/99designs/keyring"
)

func withPassphrase(opts Options, p string) Options {
	opts.Env = mapEnv{PassphraseEnv: p}
	return opts
}

// TestWrongPassphraseIsRefusedNotAdopted: once a cache holds items under
// one passphrase, another is refused by CheckPassphrase, by every write
// (a new profile's entry, a client secret) and by reads, and nothing is
// stored under it.
func TestWrongPassphraseIsRefusedNotAdopted(t *testing.T) {
	opts := fileOptions(t)
	if err := openFile(t, opts).Put("work", sampleEntry(mary)); err != nil {
		t.Fatal(err)
	}
	before := dirSnapshot(t, fileBackendDir(opts.Dir))
	wrong := openFile(t, withPassphrase(opts, "wrong passphrase"))
	checks := map[string]error{
		"CheckPassphrase": wrong.CheckPassphrase(),
		"Put new profile": wrong.Put("home", sampleEntry(mateo)),
		"Put same":        wrong.Put("work", sampleEntry(mateo)),
		"PutClientSecret": wrong.PutClientSecret("home", "cs"),
	}
	_, checks["Get"] = wrong.Get("work")
	for name, err := range checks {
		if !errors.Is(err, ErrWrongPassphrase) || errors.Is(err, ErrCorrupt) {
			t.Errorf("%s with the wrong passphrase = %v, want ErrWrongPassphrase", name, err)
		}
	}
	if after := dirSnapshot(t, fileBackendDir(opts.Dir)); !maps.Equal(before, after) {
		t.Errorf("the wrong passphrase changed the cache: %v → %v", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
	}
	if got, err := openFile(t, opts).Get("work"); err != nil || got.Identity.Subject != "mary" {
		t.Errorf("Get with the right passphrase = %v, %v", got.Identity.Subject, err)
	}
}

// TestCacheWithoutCheckFileIsCheckedAgainstItsItems: a cache written
// before the check file existed refuses a passphrase its items do not
// open with, and takes the one they open with.
func TestCacheWithoutCheckFileIsCheckedAgainstItsItems(t *testing.T) {
	opts := fileOptions(t)
	s := openFile(t, opts)
	lib, err := keyring.Open(keyring.Config{AllowedBackends: []keyring.BackendType{keyring.FileBackend},
		FileDir: s.fileDir, FilePasswordFunc: keyring.FixedStringPrompt(passphrase1)})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := encodeEntry(sampleEntry(mary))
	lib.Set(keyring.Item{Key: itemKey("work"), Data: data})
	if err := openFile(t, withPassphrase(opts, "wrong")).Put("home", sampleEntry(mateo)); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("Put under a passphrase the items refuse = %v, want ErrWrongPassphrase", err)
	}
	if err := s.Put("home", sampleEntry(mateo)); err != nil {
		t.Fatalf("Put under the items' passphrase: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.fileDir, passCheckName)); err != nil {
		t.Errorf("no check file after the first write: %v", err)
	}
}

// TestNewCacheTakesTheFirstPassphrase: an empty cache takes the first
// passphrase it is written with, and then refuses any other; a cache
// holding only damaged items is no evidence against a passphrase.
func TestNewCacheTakesTheFirstPassphrase(t *testing.T) {
	opts := fileOptions(t)
	s := openFile(t, opts)
	os.WriteFile(filepath.Join(s.fileDir, itemKey("old")), []byte("damaged"), 0o600)
	if err := s.CheckPassphrase(); err != nil {
		t.Fatalf("CheckPassphrase of an empty cache: %v", err)
	}
	if err := openFile(t, withPassphrase(opts, "second")).CheckPassphrase(); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a second passphrase = %v, want ErrWrongPassphrase", err)
	}
}

// TestConcurrentFirstWritersAgreeOnOnePassphrase: two first writes to an
// empty cache under different passphrases: exactly one is refused, and
// every item opens with the other.
func TestConcurrentFirstWritersAgreeOnOnePassphrase(t *testing.T) {
	for range 5 {
		opts := fileOptions(t)
		stores := []*Store{openFile(t, opts), openFile(t, withPassphrase(opts, "other"))}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, s := range stores {
			wg.Go(func() { errs[i] = s.Put("p"+string(rune('0'+i)), sampleEntry(mary)) })
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("both writes: %v, %v; want exactly one refused", errs[0], errs[1])
		}
		winner := stores[0]
		if errs[0] != nil {
			winner = stores[1]
		}
		keys, _ := winner.kr.Keys()
		for _, k := range keys {
			if _, err := winner.kr.Get(k); err != nil {
				t.Errorf("%s does not open with the cache's passphrase: %v", k, err)
			}
		}
	}
}

// TestDamagedCheckFileIsReplaced: a check file that is not an item at all
// is replaced at the next write instead of locking everyone out.
func TestDamagedCheckFileIsReplaced(t *testing.T) {
	opts := fileOptions(t)
	s := openFile(t, opts)
	s.Put("work", sampleEntry(mary))
	check := filepath.Join(s.fileDir, passCheckName)
	os.WriteFile(check, []byte("garbage"), 0o600)
	if err := openFile(t, opts).Put("work", sampleEntry(mary)); err != nil {
		t.Fatalf("Put with a damaged check file: %v", err)
	}
	if err := openFile(t, withPassphrase(opts, "wrong")).CheckPassphrase(); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("after replacing the check file, a wrong passphrase = %v", err)
	}
}

// TestCheckFileIsNeverFollowed: a check file that is a symbolic link is
// refused, not read through nor replaced.
func TestCheckFileIsNeverFollowed(t *testing.T) {
	s := openFile(t, fileOptions(t))
	elsewhere := filepath.Join(t.TempDir(), "target")
	os.WriteFile(elsewhere, []byte("untouched"), 0o600)
	os.Symlink(elsewhere, filepath.Join(s.fileDir, passCheckName))
	if err := s.Put("work", sampleEntry(mary)); err == nil {
		t.Error("Put with a symlinked check file succeeded")
	}
	if fi, err := os.Lstat(filepath.Join(s.fileDir, passCheckName)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlinked check file was replaced: %v", err)
	}
	if b, _ := os.ReadFile(elsewhere); string(b) != "untouched" {
		t.Errorf("symlink target written: %q", b)
	}
}

func dirSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = string(b)
	}
	return out
}
