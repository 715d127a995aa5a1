package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/tokencache"
)

// TestConcurrentCredentialReadsDuringRenewals: 1000 `qbiz credentials`
// processes, 8 at a time, while the sandbox STS issues credentials that
// live less than the refresh margin, so nearly every read renews. No read
// fails (a reader never sees a half-written cache item), and the sandbox
// ledger holds exactly one STS call per renewal: as many calls as distinct
// credentials were printed.
func TestConcurrentCredentialReadsDuringRenewals(t *testing.T) {
	const profile, workers, reads = "qbiz-sandbox-oidc", 8, 1000
	w := newWorld(t)
	w.configure()
	w.postFaults(`{"sts":{"credential_lifetime":"4m"}}`)
	w.login(profile, "mary_major@example.com")
	before := w.ledgerCount("AssumeRoleWithWebIdentity")
	start := time.Now()
	keys, failures := w.readConcurrently(profile, workers, reads)
	calls := w.ledgerCount("AssumeRoleWithWebIdentity") - before
	t.Logf("%d reads by %d workers in %v: %d renewals, %d STS calls",
		reads, workers, time.Since(start).Round(time.Millisecond), len(keys), calls)
	for i, f := range failures {
		if i < 5 {
			t.Errorf("read failed: %s", f)
		}
	}
	if len(failures) != 0 {
		t.Errorf("%d of %d reads failed, want 0", len(failures), reads)
	}
	if len(keys) < 2 {
		t.Errorf("%d distinct credentials printed: the credentials did not renew", len(keys))
	}
	if calls != len(keys) {
		t.Errorf("%d STS calls for %d renewals, want exactly one per renewal", calls, len(keys))
	}
}

// readConcurrently runs reads `qbiz credentials` processes, workers at a
// time, and returns the distinct access key ids printed and the failures.
func (w *world) readConcurrently(profile string, workers, reads int) (map[string]bool, []string) {
	var (
		mu       sync.Mutex
		keys     = map[string]bool{}
		failures []string
		next     atomic.Int64
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(reads) {
				key, err := w.readOnce(profile)
				mu.Lock()
				if err != nil {
					failures = append(failures, err.Error())
				} else {
					keys[key] = true
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return keys, failures
}

// readOnce runs one `qbiz credentials` process and returns the access key
// id it printed.
func (w *world) readOnce(profile string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := w.runBinary(ctx, "credentials", "--profile", profile)
	var p processJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &p) != nil || p.AccessKeyId == "" {
		return "", fmt.Errorf("exit %d: %s", r.code, strings.TrimSpace(r.stderr))
	}
	return p.AccessKeyId, nil
}

// postFaults sets sandbox fault rules over HTTP, as a user would.
func (w *world) postFaults(body string) {
	w.t.Helper()
	w.controlPost("/sandbox/faults", body, http.StatusOK)
}

// TestWrongPassphraseRefusedBeforeSignIn: with a file cache created under
// one passphrase, `qbiz login` under another fails before any browser or
// IdP step, for a profile already cached and for a new one, says that the
// passphrase does not match, and stores nothing. Reading says the same.
func TestWrongPassphraseRefusedBeforeSignIn(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	files := w.keyringFiles()
	wrong := map[string]string{"QBIZ_KEYRING_PASSWORD": "not-the-passphrase"}
	for _, profile := range []string{"qbiz-sandbox-oidc", "qbiz-sandbox-saml", "qbiz-sandbox-idc"} {
		calls, ledger := w.calls.Load(), w.ledgerCount("")
		r := w.runEnv(failOpener{t}, wrong, "login", "--profile", profile)
		if r.code != 1 || !strings.Contains(r.stderr, "the keyring passphrase does not match the one this cache was created with") ||
			!strings.Contains(r.stderr, "QBIZ_KEYRING_PASSWORD") {
			t.Errorf("login %s with the wrong passphrase: exit %d, stderr %q", profile, r.code, r.stderr)
		}
		if w.calls.Load() != calls || w.ledgerCount("") != ledger {
			t.Errorf("login %s with the wrong passphrase reached the IdP or AWS", profile)
		}
	}
	r := w.runEnv(nil, wrong, "credentials", "--profile", "qbiz-sandbox-oidc")
	if r.code != 1 || !strings.Contains(r.stderr, "passphrase does not match") || strings.Contains(r.stderr, "KeyUnwrap") {
		t.Errorf("credentials with the wrong passphrase: exit %d, stderr %q", r.code, r.stderr)
	}
	if got := w.keyringFiles(); !maps.Equal(got, files) {
		t.Errorf("the wrong passphrase changed the cache:\nbefore %v\nafter  %v", files, got)
	}
	w.must(w.run(nil, "credentials", "--profile", "qbiz-sandbox-oidc"), "credentials with the right passphrase")
}

// keyringFiles maps each file of the encrypted file cache to its content.
func (w *world) keyringFiles() map[string]string {
	w.t.Helper()
	dir := filepath.Join(w.vars["XDG_DATA_HOME"], "qbiz", "keyring")
	ents, err := os.ReadDir(dir)
	if err != nil {
		w.t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			w.t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

// TestUnreadableItemIsClearAndLoginRepairs: a cached sign-in that was
// truncated, emptied, garbled or written under another passphrase is
// reported as unreadable, naming its file and the login command; `qbiz
// login` replaces it; `qbiz logout` removes it with exit 0 and one message.
func TestUnreadableItemIsClearAndLoginRepairs(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	w := newWorld(t)
	w.configure()
	w.login(profile, "mary_major@example.com")
	item := filepath.Join(w.vars["XDG_DATA_HOME"], "qbiz", "keyring", "qbiz:signin:"+profile)
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			w := w.with(t)
			damage(w, item)
			r := w.run(failOpener{t}, "credentials", "--profile", profile)
			want := "cached sign-in for profile " + profile + " is unreadable (" + item + ")"
			if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "run: qbiz login --profile "+profile) {
				t.Errorf("credentials: exit %d, stderr %q, want %q and the login command", r.code, r.stderr, want)
			}
			w.login(profile, "mary_major@example.com")
			w.must(w.run(nil, "credentials", "--profile", profile), "credentials after login")
			damage(w, item)
			out := w.run(nil, "logout", "--profile", profile)
			if out.code != 0 || strings.Count(strings.TrimSpace(out.stderr), "\n") != 0 ||
				strings.Contains(out.stderr, "was not signed in") || strings.HasPrefix(out.stderr, "qbiz: ") {
				t.Errorf("logout: exit %d, stderr %q, want one message and exit 0", out.code, out.stderr)
			}
			if _, err := os.Lstat(item); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("logout left %s: %v", item, err)
			}
			w.login(profile, "mary_major@example.com")
		})
	}
}

// damages are the ways a cached item gets damaged on disk.
var damages = map[string]func(w *world, item string){
	"truncated": rewrite(func(b []byte) []byte { return b[:len(b)/2] }),
	"empty":     rewrite(func([]byte) []byte { return nil }),
	"garbled": rewrite(func(b []byte) []byte {
		b[len(b)*3/4] ^= 0x01
		return b
	}),
	"other passphrase": func(w *world, item string) {
		w.t.Helper()
		dir := filepath.Join(w.home, "other")
		s, err := tokencache.Open(tokencache.Options{Backend: "file", Dir: dir,
			Env: mapEnv(w.env(map[string]string{"QBIZ_KEYRING_PASSWORD": "another-passphrase"}))})
		if err != nil {
			w.t.Fatal(err)
		}
		profile := strings.TrimPrefix(filepath.Base(item), "qbiz:signin:")
		if err := s.Put(profile, w.store().mustGet(w.t, profile)); err != nil {
			w.t.Fatal(err)
		}
		rewrite(func([]byte) []byte { return readFile(w.t, filepath.Join(dir, "keyring", filepath.Base(item))) })(w, item)
	},
}

// rewrite replaces the item's content by f of it.
func rewrite(f func([]byte) []byte) func(w *world, item string) {
	return func(w *world, item string) {
		w.t.Helper()
		if err := os.WriteFile(item, f(readFile(w.t, item)), 0o600); err != nil {
			w.t.Fatal(err)
		}
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		t.Fatalf("read %s: %d bytes, %v", path, len(b), err)
	}
	return b
}

// TestNoTerminalNoPassphraseNamesTheVariable: the file cache without
// QBIZ_KEYRING_PASSWORD and without a terminal (stdin is /dev/null, a
// character device but no terminal) fails naming the variable.
func TestNoTerminalNoPassphraseNamesTheVariable(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	delete(w.vars, "QBIZ_KEYRING_PASSWORD")
	for _, args := range [][]string{{"credentials"}, {"login", "--no-browser"}, {"logout"}} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		r := w.runBinary(ctx, append(args, "--profile", "qbiz-sandbox-oidc")...)
		cancel()
		if r.code != 1 || !strings.Contains(r.stderr, "QBIZ_KEYRING_PASSWORD") || strings.Contains(r.stderr, "ioctl") {
			t.Errorf("%v without passphrase or terminal: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}
