package tokencache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/99designs/keyring"
	"github.com/qbiz/qbiz/internal/identity"
)

type mapEnv map[string]string

func (m mapEnv) Getenv(k string) string { return m[k] }

const (
	canaryRefresh = "refresh-canary-91c2"
	canaryID      = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.sig-canary"
	canarySecret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1"
	canarySession = "session-token-canary-77"
	canaryIDC     = "idc-refresh-canary-13"
	passphrase1   = "correct horse battery staple"
)

var canaries = []string{canaryRefresh, canaryID, canarySecret, canarySession, canaryIDC}

var (
	mary  = identity.Identity{Issuer: "http://127.0.0.1:9/idp/oidc", Subject: "mary", Email: "mary_major@example.com", Groups: []string{"core-team"}}
	mateo = identity.Identity{Issuer: "http://127.0.0.1:9/idp/oidc", Subject: "mateo", Email: "mateo_jackson@example.com"}
)

func sampleEntry(id identity.Identity) Entry {
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	return Entry{
		Identity: id, Mode: identity.ModeOIDC,
		IDToken: canaryID, IDTokenExpiry: exp, RefreshToken: canaryRefresh, IdPSessionExpiry: exp.Add(time.Hour),
		IDCRefreshToken: canaryIDC, IDCUserID: "u-1",
		AWS: Credentials{AccessKeyID: "ASIAEXAMPLE000000001", SecretAccessKey: canarySecret, SessionToken: canarySession, Expiration: exp},
	}
}

func fileOptions(t testing.TB) Options {
	t.Helper()
	return Options{Backend: "file", Dir: filepath.Join(t.TempDir(), "qbiz"), Env: mapEnv{PassphraseEnv: passphrase1}}
}

func openFile(t testing.TB, opts Options) *Store {
	t.Helper()
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFileBackendRoundTrip(t *testing.T) {
	s := openFile(t, fileOptions(t))
	want := sampleEntry(mary)
	if err := s.Put("work", want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("work")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Get = %+v\nwant %+v", got, want)
	}
	if err := got.CheckIdentity(mary); err != nil {
		t.Errorf("CheckIdentity(mary) = %v", err)
	}
	if err := got.CheckIdentity(mateo); !errors.Is(err, identity.ErrIdentityChanged) {
		t.Errorf("CheckIdentity(mateo) = %v, want ErrIdentityChanged", err)
	}
	if err := s.Delete("work"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("work"); !errors.Is(err, ErrNotFound) || !errors.Is(err, identity.ErrNotLoggedIn) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
	if err := s.Delete("work"); err != nil {
		t.Errorf("second Delete = %v, want nil", err)
	}
}

func TestReopenWithSamePassphrase(t *testing.T) {
	opts := fileOptions(t)
	openFile(t, opts).Put("work", sampleEntry(mary))
	got, err := openFile(t, opts).Get("work")
	if err != nil || got.RefreshToken.Reveal() != canaryRefresh {
		t.Fatalf("Get after reopen = %v, %v", got.RefreshToken.Reveal() == canaryRefresh, err)
	}
}

func TestProfilesAreIsolated(t *testing.T) {
	s := openFile(t, fileOptions(t))
	s.Put("a", sampleEntry(mary))
	s.Put("b", sampleEntry(mateo))
	a, _ := s.Get("a")
	b, _ := s.Get("b")
	if a.Identity.Subject != "mary" || b.Identity.Subject != "mateo" {
		t.Errorf("a=%s b=%s", a.Identity.Subject, b.Identity.Subject)
	}
	s.Delete("a")
	if _, err := s.Get("b"); err != nil {
		t.Errorf("Delete(a) affected b: %v", err)
	}
}

func TestIdentitySwitchDeletesPreviousEntry(t *testing.T) {
	opts := fileOptions(t)
	s := openFile(t, opts)
	s.Put("work", sampleEntry(mary))
	next := sampleEntry(mateo)
	next.RefreshToken = "mateo-refresh"
	if err := s.Put("work", next); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("work")
	if err != nil || got.Identity.Subject != "mateo" || got.RefreshToken.Reveal() != "mateo-refresh" {
		t.Fatalf("Get = %+v, %v", got.Identity, err)
	}
	assertNoItemOf(t, s, mary)
}

// assertNoItemOf fails if any stored item decodes to an entry of id.
func assertNoItemOf(t *testing.T, s *Store, id identity.Identity) {
	t.Helper()
	keys, err := s.kr.Keys()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		it, err := s.kr.Get(k)
		if err != nil {
			t.Fatalf("read %s: %v", k, err)
		}
		if e, err := decodeEntry(it.Data); err == nil && e.Identity.SameUser(id) {
			t.Errorf("item %s still holds %s's entry", k, id.Subject)
		}
	}
}

func TestPutRequiresIdentityAndValidProfile(t *testing.T) {
	s := openFile(t, fileOptions(t))
	if err := s.Put("work", Entry{}); err == nil {
		t.Error("Put without identity succeeded")
	}
	for _, bad := range []string{"", "../x", "a/b", "a:b", "a%2F", strings.Repeat("x", 65)} {
		if err := s.Put(bad, sampleEntry(mary)); !errors.Is(err, ErrInvalidProfile) {
			t.Errorf("Put(%q) = %v, want ErrInvalidProfile", bad, err)
		}
	}
}

func TestClientSecret(t *testing.T) {
	s := openFile(t, fileOptions(t))
	if _, err := s.ClientSecret("work"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ClientSecret before Put = %v", err)
	}
	s.PutClientSecret("work", "cs-canary")
	got, err := s.ClientSecret("work")
	if err != nil || got.Reveal() != "cs-canary" {
		t.Fatalf("ClientSecret = %v", err)
	}
	s.Delete("work")
	if _, err := s.ClientSecret("work"); err != nil {
		t.Errorf("Delete removed the client secret: %v", err)
	}
	s.DeleteClientSecret("work")
	if _, err := s.ClientSecret("work"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after DeleteClientSecret = %v", err)
	}
}

func TestCRED05_NoOSKeyringFailsWithoutFileFallback(t *testing.T) {
	var tried []keyring.BackendType
	failing := func(cfg keyring.Config) (keyring.Keyring, error) {
		tried = cfg.AllowedBackends
		return nil, keyring.ErrNoAvailImpl
	}
	_, err := openWith(Options{Dir: t.TempDir(), Env: mapEnv{PassphraseEnv: "x"}}, failing)
	if !errors.Is(err, ErrNoSecureBackend) || !strings.Contains(err.Error(), "QBIZ_KEYRING_BACKEND=file") {
		t.Fatalf("Open = %v, want ErrNoSecureBackend naming QBIZ_KEYRING_BACKEND=file", err)
	}
	want := []keyring.BackendType{"secret-service", "keychain", "wincred", "keyctl", "pass"}
	if !reflect.DeepEqual(tried, want) {
		t.Errorf("auto backends = %v, want %v (never file)", tried, want)
	}
}

func TestCRED05_FileBackendNeedsPassphrase(t *testing.T) {
	opts := fileOptions(t)
	opts.Env = mapEnv{}
	if _, err := Open(opts); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("Open without passphrase = %v, want ErrNoPassphrase", err)
	}
	opts.Prompt = func(string) (string, error) { return passphrase1, nil }
	s := openFile(t, opts)
	if err := s.Put("work", sampleEntry(mary)); err != nil {
		t.Fatalf("Put with prompted passphrase: %v", err)
	}
	opts.Env = mapEnv{PassphraseEnv: passphrase1}
	if _, err := openFile(t, opts).Get("work"); err != nil {
		t.Errorf("Get with env passphrase: %v", err)
	}
}

func TestCRED05_WrongPassphraseRevealsNothing(t *testing.T) {
	opts := fileOptions(t)
	openFile(t, opts).Put("work", sampleEntry(mary))
	opts.Env = mapEnv{PassphraseEnv: "wrong passphrase"}
	_, err := openFile(t, opts).Get("work")
	if err == nil {
		t.Fatal("Get with wrong passphrase succeeded")
	}
	assertNoCanary(t, err.Error()+fmt.Sprintf("%+v", err))
}

func TestCRED05_FileBackendIsEncryptedAtRest(t *testing.T) {
	opts := fileOptions(t)
	s := openFile(t, opts)
	s.Put("work", sampleEntry(mary))
	s.PutClientSecret("work", "cs-canary")
	filepath.WalkDir(opts.Dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			assertNoCanary(t, string(b))
			if strings.Contains(string(b), "cs-canary") || strings.Contains(string(b), "mary_major") {
				t.Errorf("%s holds plaintext", path)
			}
		}
		return nil
	})
}

func TestCRED01_NoSecretInErrors(t *testing.T) {
	s := openFile(t, fileOptions(t))
	s.Put("work", sampleEntry(mary))
	garbage := []byte(`{"v":1,"identity":{"issuer":"x","subject":"y"},"refresh_token":"` + canaryRefresh + `"`)
	s.kr.Set(keyring.Item{Key: itemKey("work"), Data: garbage})
	_, err := s.Get("work")
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Get corrupt = %v, want ErrCorrupt", err)
	}
	assertNoCanary(t, err.Error())
	legacy := openFile(t, fileOptions(t))
	wrongOwner, _ := encodeEntry(sampleEntry(mateo))
	legacy.kr.Set(keyring.Item{Key: legacyPointerKey("work"), Data: []byte(mary.Key())})
	legacy.kr.Set(keyring.Item{Key: legacyEntryKey("work", mary.Key()), Data: wrongOwner})
	if _, err := legacy.Get("work"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Get of legacy entry filed under another identity = %v, want ErrCorrupt", err)
	}
}

func TestCRED07_EntryNeverPrintsSecrets(t *testing.T) {
	e := sampleEntry(mary)
	js, _ := json.Marshal(e)
	assertNoCanary(t, fmt.Sprintf("%v %+v %#v %s", e, e, e, js))
}

func assertNoCanary(t *testing.T, s string) {
	t.Helper()
	for _, c := range canaries {
		if strings.Contains(s, c) {
			t.Errorf("secret %q leaked in %q", c, s)
		}
	}
}

func withUmask(t *testing.T, mask int) {
	t.Helper()
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func TestCRED04_FilesAre0600AndDirs0700WhateverUmask(t *testing.T) {
	for _, mask := range []int{0, 0o022, 0o277} {
		t.Run(fmt.Sprintf("umask%03o", mask), func(t *testing.T) {
			withUmask(t, mask)
			opts := fileOptions(t)
			s := openFile(t, opts)
			if err := s.Put("work", sampleEntry(mary)); err != nil {
				t.Fatal(err)
			}
			if err := s.PutClientSecret("work", "cs-canary"); err != nil {
				t.Fatal(err)
			}
			unlock, err := s.Lock(t.Context(), "work")
			if err != nil {
				t.Fatal(err)
			}
			unlock()
			assertModes(t, opts.Dir)
		})
	}
}

func assertModes(t *testing.T, root string) {
	t.Helper()
	n := 0
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Lstat(path)
		want := fs.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want || fi.Mode()&fs.ModeSymlink != 0 {
			t.Errorf("%s: mode %v, want %o", path, fi.Mode(), want)
		}
		n++
		return nil
	})
	if n < 6 {
		t.Errorf("only %d paths checked", n)
	}
}

func TestCRED04_ExistingWideModesAreTightened(t *testing.T) {
	withUmask(t, 0)
	opts := fileOptions(t)
	kdir := fileBackendDir(opts.Dir)
	os.MkdirAll(kdir, 0o755)
	os.Chmod(kdir, 0o755)
	s := openFile(t, opts)
	s.Put("work", sampleEntry(mary))
	item := filepath.Join(kdir, itemKey("work"))
	os.Chmod(item, 0o644)
	if err := s.Put("work", sampleEntry(mary)); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]fs.FileMode{kdir: 0o700, item: 0o600} {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != want {
			t.Errorf("%s: %o, want %o", path, fi.Mode().Perm(), want)
		}
	}
}

func TestCRED04_SymlinksRefused(t *testing.T) {
	elsewhere := filepath.Join(t.TempDir(), "target")
	os.WriteFile(elsewhere, []byte("untouched"), 0o600)
	t.Run("item file", func(t *testing.T) {
		s := openFile(t, fileOptions(t))
		os.Symlink(elsewhere, filepath.Join(s.fileDir, itemKey("work")))
		if err := s.Put("work", sampleEntry(mary)); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("Put over symlink = %v, want ErrUnsafePath", err)
		}
	})
	t.Run("lock file", func(t *testing.T) {
		opts := fileOptions(t)
		s := openFile(t, opts)
		os.MkdirAll(filepath.Join(opts.Dir, "locks"), 0o700)
		os.Symlink(elsewhere, filepath.Join(opts.Dir, "locks", "work.lock"))
		if _, err := s.Lock(t.Context(), "work"); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("Lock through symlink = %v, want ErrUnsafePath", err)
		}
	})
	t.Run("keyring dir", func(t *testing.T) {
		opts := fileOptions(t)
		os.MkdirAll(opts.Dir, 0o700)
		os.Symlink(t.TempDir(), fileBackendDir(opts.Dir))
		if _, err := Open(opts); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("Open with symlinked dir = %v, want ErrUnsafePath", err)
		}
	})
	if b, _ := os.ReadFile(elsewhere); string(b) != "untouched" {
		t.Errorf("symlink target written: %q", b)
	}
}

func TestDataDir(t *testing.T) {
	tests := []struct {
		env  mapEnv
		want string
	}{
		{mapEnv{"HOME": "/h"}, "/h/.local/share/qbiz"},
		{mapEnv{"HOME": "/h", "XDG_DATA_HOME": "/x"}, "/x/qbiz"},
		{mapEnv{"HOME": "/h", "XDG_DATA_HOME": "relative"}, "/h/.local/share/qbiz"},
		{mapEnv{}, ""},
	}
	for _, tt := range tests {
		got, _ := Options{Env: tt.env}.dataDir()
		if got != tt.want {
			t.Errorf("dataDir(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestUnknownBackendRejected(t *testing.T) {
	if _, err := Open(Options{Backend: "plaintext", Dir: t.TempDir()}); err == nil {
		t.Error("Open with unknown backend succeeded")
	}
}

func TestCredentialsValid(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	c := Credentials{AccessKeyID: "A", SecretAccessKey: "S", Expiration: now.Add(10 * time.Minute)}
	tests := []struct {
		c      Credentials
		margin time.Duration
		want   bool
	}{
		{c, time.Minute, true},
		{c, 10 * time.Minute, false},
		{Credentials{AccessKeyID: "A", Expiration: now.Add(time.Hour)}, 0, false},
		{Credentials{}, 0, false},
	}
	for i, tt := range tests {
		if got := tt.c.Valid(now, tt.margin); got != tt.want {
			t.Errorf("%d: Valid = %v, want %v", i, got, tt.want)
		}
	}
}
