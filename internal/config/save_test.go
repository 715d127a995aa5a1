package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

func withUmask(t *testing.T, mask int) {
	t.Helper()
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestCRED04_ConfigFileIs0600AndDir0700WhateverUmask(t *testing.T) {
	for _, mask := range []int{0, 0o022, 0o277} {
		t.Run(fmt.Sprintf("umask%03o", mask), func(t *testing.T) {
			withUmask(t, mask)
			env, path := tempConfig(t)
			if err := Save(env, goldenProfile()); err != nil {
				t.Fatal(err)
			}
			if got := mode(t, path); got != 0o600 {
				t.Errorf("file mode = %o, want 600", got)
			}
			if got := mode(t, filepath.Dir(path)); got != 0o700 {
				t.Errorf("dir mode = %o, want 700", got)
			}
		})
	}
}

func TestCRED04_ExistingWorldReadableFileIsTightened(t *testing.T) {
	withUmask(t, 0)
	env, path := tempConfig(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte("[default]\nregion = us-east-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(env, goldenProfile()); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, path); got != 0o600 {
		t.Errorf("file mode = %o, want 600", got)
	}
}

func TestCRED04_SymlinkedConfigRefused(t *testing.T) {
	env, path := tempConfig(t)
	target := filepath.Join(t.TempDir(), "real-config")
	os.WriteFile(target, []byte("[default]\n"), 0o600)
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	err := Save(env, goldenProfile())
	if !errors.Is(err, ErrSymlink) {
		t.Fatalf("Save through symlink = %v, want ErrSymlink", err)
	}
	if got := string(readFile(t, target)); got != "[default]\n" {
		t.Errorf("symlink target modified: %q", got)
	}
	if fi, _ := os.Lstat(path); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("symlink replaced")
	}
	if _, err := Load(env, "default"); err != nil {
		t.Errorf("Load through symlink = %v, want reading allowed", err)
	}
}

func TestCRED04_ConcurrentWritersLoseNothing(t *testing.T) {
	env, _ := tempConfig(t)
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := goldenProfile()
			p.Name = fmt.Sprintf("p%d", i)
			p.CredentialProcess = ""
			errs <- Save(env, p)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		if _, err := Load(env, fmt.Sprintf("p%d", i)); err != nil {
			t.Errorf("profile p%d lost: %v", i, err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(env["HOME"], ".aws", ".config.*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestSaveRefusesInjection(t *testing.T) {
	tests := []struct {
		name string
		mut  func(*Profile)
		key  string
	}{
		{"newline section", func(p *Profile) { p.ClientID = "x\n[profile evil]\ncredential_process = sh -c evil" }, KeyClientID},
		{"newline in region", func(p *Profile) { p.Region = "us-east-1\ncredential_process=evil" }, KeyRegion},
		{"carriage return", func(p *Profile) { p.Issuer = "https://idp.example\rx" }, KeyIssuer},
		{"comment truncation", func(p *Profile) { p.ApplicationID = "abc #x" }, KeyApplicationID},
		{"bad name", func(p *Profile) { p.Name = "qb]\n[x" }, "profile name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, path := tempConfig(t)
			p := goldenProfile()
			tt.mut(&p)
			err := Save(env, p)
			if err == nil || !strings.Contains(err.Error(), tt.key) {
				t.Fatalf("Save = %v, want error naming %s", err, tt.key)
			}
			if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("file written despite invalid profile")
			}
		})
	}
}

func TestSaveNeverWritesClientSecret(t *testing.T) {
	env, path := tempConfig(t)
	o := FromEnv(MapEnv{"OIDC_CLIENT_SECRET": "s3cr3t-canary"})
	p := goldenProfile().Apply(o)
	if err := Save(env, p); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(readFile(t, path)), "s3cr3t-canary") {
		t.Error("client secret written to config file")
	}
	if strings.Contains(fmt.Sprintf("%+v %#v", o, o), "s3cr3t-canary") {
		t.Error("client secret visible when printing Overrides")
	}
}
