package e2e_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCredentialsWarmCacheNoNetwork: a warm `qbiz credentials` makes no
// request at all: the sandbox ledger is unchanged and no request left
// through qbiz's HTTP client (so the IdP was not touched either).
func TestCredentialsWarmCacheNoNetwork(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, profile := range []string{"qbiz-sandbox-oidc", "qbiz-sandbox-saml", "qbiz-sandbox-idc"} {
		w.login(profile, "mary_major@example.com")
	}
	checkOffline := w.offline("warm credentials")
	for _, profile := range []string{"qbiz-sandbox-oidc", "qbiz-sandbox-saml", "qbiz-sandbox-idc"} {
		for range 3 {
			parseProcess(t, w.must(w.run(nil, "credentials", "--profile", profile), "credentials").stdout)
		}
	}
	bin := w.runBinary(context.Background(), "credentials", "--profile", "qbiz-sandbox-oidc")
	parseProcess(t, w.must(bin, "qbiz credentials (binary)").stdout)
	checkOffline()
}

// TestParallelRefreshOneSTSCall: 100 concurrent `qbiz credentials` for a
// profile whose credentials are about to expire make exactly one STS
// call; every caller prints the same fresh credentials.
func TestParallelRefreshOneSTSCall(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	w.age("qbiz-sandbox-oidc", false)
	before := w.ledgerCount("AssumeRoleWithWebIdentity")
	keys := make([]string, 100)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := w.run(nil, "credentials", "--profile", "qbiz-sandbox-oidc")
			if r.code != 0 {
				t.Errorf("credentials #%d: exit %d: %s", i, r.code, r.stderr)
				return
			}
			keys[i] = parseProcess(t, r.stdout).AccessKeyId
		}()
	}
	wg.Wait()
	if got := w.ledgerCount("AssumeRoleWithWebIdentity") - before; got != 1 {
		t.Errorf("100 parallel refreshes made %d STS calls, want 1", got)
	}
	for i, k := range keys {
		if k != keys[0] {
			t.Errorf("caller %d got key %s, caller 0 got %s", i, k, keys[0])
		}
	}
}

// TestParallelRefreshSubprocesses: the same across processes (the lock is
// a file lease, not a mutex).
func TestParallelRefreshSubprocesses(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	w.age("qbiz-sandbox-oidc", false)
	before := w.ledgerCount("AssumeRoleWithWebIdentity")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := w.runBinary(context.Background(), "credentials", "--profile", "qbiz-sandbox-oidc")
			if r.code != 0 {
				t.Errorf("process %d: exit %d: %s", i, r.code, r.stderr)
			}
		}()
	}
	wg.Wait()
	if got := w.ledgerCount("AssumeRoleWithWebIdentity") - before; got != 1 {
		t.Errorf("8 parallel processes made %d STS calls, want 1", got)
	}
}

// TestSilentRefresh: with the ID token expired too, credentials redeem
// the refresh token for a new, verified ID token of the same user and
// exchange it, for OIDC and Identity Center. Nobody is asked to sign in.
func TestSilentRefresh(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, mode := range []string{"oidc", "idc"} {
		t.Run(mode, func(t *testing.T) {
			w := w.with(t)
			profile := "qbiz-sandbox-" + mode
			w.login(profile, "mary_major@example.com")
			old := parseProcess(t, w.must(w.run(nil, "credentials", "--profile", profile), "credentials").stdout)
			subject := w.store().mustGet(t, profile).Identity
			w.age(profile, true)
			r := w.run(failOpener{t}, "credentials", "--profile", profile)
			fresh := parseProcess(t, w.must(r, "credentials after expiry").stdout)
			if fresh.AccessKeyId == old.AccessKeyId {
				t.Errorf("credentials were not renewed")
			}
			e := w.store().mustGet(t, profile)
			if !e.Identity.SameUser(subject) || !e.IDTokenExpiry.After(time.Now()) {
				t.Errorf("after refresh: identity %v, id token expiry %v", e.Identity, e.IDTokenExpiry)
			}
			entry, _ := w.chat(staticCreds(fresh), w.app(mode).ApplicationID, "ACME status?")
			if entry.Status != 200 {
				t.Errorf("chat with refreshed credentials: %d", entry.Status)
			}
		})
	}
}

// TestCredentialsNeedsLoginFailsFast: without a usable sign-in,
// credentials exits 1 at once with the login command on stderr, prints
// nothing on stdout and never opens a browser; the same for SAML whose
// credentials expired (SAML has no silent renewal).
func TestCredentialsNeedsLoginFailsFast(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-saml", "mary_major@example.com")
	w.age("qbiz-sandbox-saml", false)
	for _, profile := range []string{"qbiz-sandbox-oidc", "qbiz-sandbox-saml"} {
		r := w.run(failOpener{t}, "credentials", "--profile", profile)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "run: qbiz login --profile "+profile) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", profile, r.code, r.stdout, r.stderr)
		}
		if !strings.HasPrefix(r.stderr, "qbiz: ") {
			t.Errorf("%s: error not rendered as \"qbiz: …\": %q", profile, r.stderr)
		}
	}
	bin := w.runBinary(context.Background(), "credentials", "--profile", "qbiz-sandbox-oidc")
	if bin.code != 1 || !strings.Contains(bin.stderr, "run: qbiz login --profile qbiz-sandbox-oidc") {
		t.Errorf("binary: exit %d, stderr %q", bin.code, bin.stderr)
	}
}

// TestUsageErrorsExit2.
func TestUsageErrorsExit2(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{{"credentials", "--bogus"}, {"env", "--format", "yaml"}, {"login", "extra-arg"}} {
		if r := w.run(nil, args...); r.code != 2 && !(args[0] == "login" && r.code == 1) {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
}

// failOpener fails the test if anything tries to open a browser.
type failOpener struct{ t *testing.T }

func (f failOpener) Open(string) error {
	f.t.Errorf("a browser was opened")
	return nil
}
