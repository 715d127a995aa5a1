package e2e_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// TestCRED01NoSecretsInLogs: with -v on every command, including a
// silent refresh, stderr holds none of the tokens or keys qbiz handled.
func TestCRED01NoSecretsInLogs(t *testing.T) {
	w := newWorld(t)
	w.configure()
	var stderr strings.Builder
	for _, mode := range []string{"oidc", "saml", "idc"} {
		profile := "qbiz-sandbox-" + mode
		stderr.WriteString(w.must(w.run(w.browser("mary_major@example.com"), "login", "-v", "--profile", profile), "login").stderr)
		if mode != "saml" {
			w.age(profile, true)
		}
		r := w.must(w.run(nil, "credentials", "-v", "--profile", profile), "credentials")
		stderr.WriteString(r.stderr)
		stderr.WriteString(w.must(w.run(nil, "whoami", "-v", "--profile", profile), "whoami").stdout)
		e := w.store().mustGet(t, profile)
		for name, secret := range map[string]string{"secret key": e.AWS.SecretAccessKey.Reveal(), "session token": e.AWS.SessionToken.Reveal(),
			"id token": e.IDToken.Reveal(), "refresh token": e.RefreshToken.Reveal(), "password": keyringPassword} {
			if secret != "" && strings.Contains(stderr.String(), secret) {
				t.Errorf("%s: the %s appears in logs or whoami", mode, name)
			}
		}
		if mode == "oidc" && !strings.Contains(r.stderr, "level=DEBUG") {
			t.Errorf("-v logged nothing on the refresh path:\n%s", r.stderr)
		}
	}
}

// TestCRED04FilePermissions: the config file is 0600, the credentials
// file 0600, and the token cache directories 0700 with 0600 items, even
// under umask 000; no plaintext token is on disk.
func TestCRED04FilePermissions(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	e := w.store().mustGet(t, "qbiz-sandbox-oidc")
	filepath.WalkDir(w.home, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, _ := d.Info()
		rel, _ := filepath.Rel(w.home, path)
		switch {
		case d.IsDir() && strings.HasPrefix(rel, filepath.Join("data", "qbiz")) && fi.Mode().Perm() != 0o700:
			t.Errorf("%s: mode %v, want 0700", rel, fi.Mode().Perm())
		case !d.IsDir() && fi.Mode().Perm() != 0o600:
			t.Errorf("%s: mode %v, want 0600", rel, fi.Mode().Perm())
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(path)
			for _, s := range []string{e.RefreshToken.Reveal(), e.IDToken.Reveal(), e.AWS.SecretAccessKey.Reveal()} {
				if s != "" && strings.Contains(string(b), s) {
					t.Errorf("%s holds a token or key in plaintext", rel)
				}
			}
		}
		return nil
	})
}

// TestCRED05NoSilentPlaintextFallback: without an OS keyring and without
// QBIZ_KEYRING_BACKEND=file, qbiz refuses with advice rather than storing
// anything in plaintext; the file backend without a passphrase and
// without a terminal refuses too.
func TestCRED05NoSilentPlaintextFallback(t *testing.T) {
	w := newWorld(t)
	w.configure()
	r := w.runEnv(nil, map[string]string{"QBIZ_KEYRING_PASSWORD": ""}, "credentials", "--profile", "qbiz-sandbox-oidc")
	if r.code != 1 || !strings.Contains(r.stderr, "QBIZ_KEYRING_PASSWORD") {
		t.Errorf("file backend without passphrase: exit %d, %q", r.code, r.stderr)
	}
	r = w.runEnv(nil, map[string]string{"QBIZ_KEYRING_BACKEND": "", "DBUS_SESSION_BUS_ADDRESS": ""}, "credentials", "--profile", "qbiz-sandbox-oidc")
	if r.code == 0 {
		t.Fatalf("credentials succeeded without a login")
	}
	if !strings.Contains(r.stderr, "QBIZ_KEYRING_BACKEND=file") && !strings.Contains(r.stderr, "qbiz login") {
		t.Errorf("no OS keyring: %q", r.stderr)
	}
}

// TestSTS06FailClosed: ambient AWS keys in the environment never stand in
// for a user's credentials: without a sign-in credentials fails, and the
// sandbox saw no request signed with the ambient key.
func TestSTS06FailClosed(t *testing.T) {
	w := newWorld(t)
	w.configure()
	admin := w.info.AdminCredentials
	ambient := map[string]string{"AWS_ACCESS_KEY_ID": admin.AccessKeyID, "AWS_SECRET_ACCESS_KEY": admin.SecretAccessKey}
	before := w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.AccessKeyID == admin.AccessKeyID })
	for _, profile := range []string{"qbiz-sandbox-oidc", "qbiz-sandbox-saml", "qbiz-sandbox-idc"} {
		if r := w.runEnv(nil, ambient, "credentials", "--profile", profile); r.code == 0 || r.stdout != "" {
			t.Errorf("%s: credentials without sign-in: exit %d, stdout %q", profile, r.code, r.stdout)
		}
	}
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	if r := w.runEnv(nil, ambient, "exec", "--profile", "qbiz-sandbox-oidc", "--", "sh", "-c", `test "$AWS_ACCESS_KEY_ID" != "`+admin.AccessKeyID+`"`); r.code != 0 {
		t.Errorf("exec handed the ambient key to the child")
	}
	if got := w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.AccessKeyID == admin.AccessKeyID }); got != before {
		t.Errorf("%d requests were signed with the ambient key", got-before)
	}
}

// TestSTS05ExpiredNeverServed: credentials already past their expiry are
// never printed; for SAML (no silent renewal) the answer is a login hint.
func TestSTS05ExpiredNeverServed(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-saml", "mary_major@example.com")
	s := w.store()
	e := s.mustGet(t, "qbiz-sandbox-saml")
	e.AWS.Expiration = e.AWS.Expiration.Add(-24 * 3600 * 1e9)
	if err := s.Put("qbiz-sandbox-saml", e); err != nil {
		t.Fatal(err)
	}
	r := w.run(nil, "credentials", "--profile", "qbiz-sandbox-saml")
	if r.code != 1 || r.stdout != "" || strings.Contains(r.stderr, e.AWS.AccessKeyID+"\"") {
		t.Errorf("expired credentials: exit %d, stdout %q", r.code, r.stdout)
	}
}

// TestRefreshToAnotherUserLogsOut: when the silent refresh comes back
// with a verified ID token of another user (here: the refresh token in
// the cache was swapped for another person's), qbiz refuses it, exchanges
// nothing at AWS, removes the cached sign-in and tells the person to sign
// in again; whoami then reports no sign-in.
func TestRefreshToAnotherUserLogsOut(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, mode := range []string{"oidc", "idc"} {
		t.Run(mode, func(t *testing.T) {
			w := w.with(t)
			profile := "qbiz-sandbox-" + mode
			w.login(profile, "mateo_jackson@example.com")
			other := w.store().mustGet(t, profile).RefreshToken
			w.login(profile, "mary_major@example.com")
			w.age(profile, true)
			s := w.store()
			e := s.mustGet(t, profile)
			e.RefreshToken = other
			if err := s.Put(profile, e); err != nil {
				t.Fatalf("put: %v", err)
			}
			before := w.ledgerCount("")
			r := w.run(failOpener{t}, "credentials", "--profile", profile)
			if r.code == 0 || r.stdout != "" {
				t.Fatalf("credentials with another user's refresh: exit %d, stdout %q", r.code, r.stdout)
			}
			for _, want := range []string{"different user", "run: qbiz login --profile " + profile} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if got := w.ledgerCount(""); got != before {
				t.Errorf("%d AWS calls after the identity changed, want 0", got-before)
			}
			if _, err := w.store().Get(profile); err == nil {
				t.Errorf("the cache entry survived the identity change")
			}
			who := w.run(nil, "whoami", "--profile", profile)
			if who.code == 0 || !strings.Contains(who.stderr, "not logged in") {
				t.Errorf("whoami after the identity change: exit %d, stdout %q, stderr %q", who.code, who.stdout, who.stderr)
			}
		})
	}
}
