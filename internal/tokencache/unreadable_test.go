package tokencache

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

// damage rewrites a stored item the ways disks, editors and other
// passphrases do.
var damage = map[string]func(t *testing.T, opts Options, path string){
	"truncated": func(t *testing.T, _ Options, path string) {
		rewriteFile(t, path, func(b []byte) []byte { return b[:len(b)/2] })
	},
	"empty": func(t *testing.T, _ Options, path string) { rewriteFile(t, path, func([]byte) []byte { return nil }) },
	"garbled ciphertext": func(t *testing.T, _ Options, path string) {
		rewriteFile(t, path, func(b []byte) []byte { b[len(b)*3/4] ^= 1; return b })
	},
	"not JSON inside": func(t *testing.T, opts Options, _ string) {
		openFile(t, opts).set(itemKey("work"), []byte("{not json"), "work")
	},
	"other passphrase": func(t *testing.T, opts Options, path string) {
		other := withPassphrase(opts, "another passphrase")
		other.Dir = filepath.Join(t.TempDir(), "other")
		o := openFile(t, other)
		o.Put("work", sampleEntry(mary))
		b, _ := os.ReadFile(filepath.Join(o.fileDir, itemKey("work")))
		rewriteFile(t, path, func([]byte) []byte { return b })
	},
}

func rewriteFile(t *testing.T, path string, f func([]byte) []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, f(b), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestUnreadableEntryIsNamedAndReplaceable: whatever the damage, Get
// reports the profile's entry as unreadable with its file, an error that
// asks for a new sign-in; Put replaces it and Delete removes it.
func TestUnreadableEntryIsNamedAndReplaceable(t *testing.T) {
	for name, harm := range damage {
		t.Run(name, func(t *testing.T) {
			opts := fileOptions(t)
			s := openFile(t, opts)
			s.Put("work", sampleEntry(mary))
			path := filepath.Join(s.fileDir, itemKey("work"))
			harm(t, opts, path)
			s = openFile(t, opts)
			_, err := s.Get("work")
			var u *UnreadableError
			if !errors.As(err, &u) || u.Profile != "work" || u.Where != path ||
				!errors.Is(err, ErrCorrupt) || !errors.Is(err, identity.ErrReauthRequired) {
				t.Fatalf("Get = %v, want an UnreadableError for %s", err, path)
			}
			if want := "cached sign-in for profile work is unreadable (" + path + ")"; err.Error() != want {
				t.Errorf("message %q, want %q", err, want)
			}
			if err := s.Put("work", sampleEntry(mateo)); err != nil {
				t.Fatalf("Put over the unreadable entry: %v", err)
			}
			if got, err := s.Get("work"); err != nil || got.Identity.Subject != "mateo" {
				t.Errorf("Get after Put = %v, %v", got.Identity.Subject, err)
			}
			harm(t, opts, path)
			if err := s.Delete("work"); err != nil {
				t.Errorf("Delete of the unreadable entry: %v", err)
			}
			if _, err := s.Get("work"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get after Delete = %v, want ErrNotFound", err)
			}
		})
	}
}
