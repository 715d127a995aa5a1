package e2e_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// shortLived makes the sandbox STS issue credentials that live less than
// qbiz's refresh margin, so every `qbiz credentials` renews.
const shortLived = `{"sts":{"credential_lifetime":"4m"}}`

// TestRevocationBitesAtNextRenewal: while the IdP session lives, every
// renewal goes through the IdP (one refresh grant each; for Identity
// Center also its own refresh token, never a second token exchange). Once
// the sandbox revokes every session, the next `qbiz credentials` fails,
// names the login command once, and no STS call follows the revocation.
func TestRevocationBitesAtNextRenewal(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.controlPost("/sandbox/faults", shortLived, http.StatusOK)
	for _, mode := range []string{"oidc", "idc"} {
		t.Run(mode, func(t *testing.T) {
			w := w.with(t)
			profile := "qbiz-sandbox-" + mode
			w.login(profile, "mary_major@example.com")
			bearer := w.idcGrants(jwtBearer)
			rec := &idpGrants{}
			for i := range 2 {
				r := w.runObserved(rec, time.Time{}, "credentials", "--profile", profile)
				parseProcess(t, w.must(r, "credentials before the revocation").stdout)
				if got := rec.count("refresh_token"); got != i+1 {
					t.Errorf("renewal %d: %d refresh grants at the IdP, want %d", i+1, got, i+1)
				}
			}
			if mode == "idc" {
				if got := w.idcGrants("refresh_token"); got != 2 {
					t.Errorf("%d Identity Center refresh grants for 2 renewals, want 2", got)
				}
				if got := w.idcGrants(jwtBearer) - bearer; got != 0 {
					t.Errorf("%d token exchanges after sign-in, want 0 (renewal uses the refresh token)", got)
				}
			}
			w.controlPost("/sandbox/sessions/revoke", "", http.StatusNoContent)
			revokedAt := w.lastSeq()
			for range 2 {
				r := w.run(failOpener{t}, "credentials", "--profile", profile)
				wantLoginOnce(t, r, profile)
			}
			if n := w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Seq > revokedAt && e.Service == "sts" }); n != 0 {
				t.Errorf("%d STS calls after the revocation, want 0", n)
			}
		})
	}
}

// TestOAUTH11_ConcurrentRenewalsOneRefreshGrant: 20 `qbiz credentials`
// renewing at once make one refresh grant at the IdP; the rotated refresh
// token is the one kept, so the next renewal works (a spent token
// presented again would have revoked the whole family).
func TestOAUTH11_ConcurrentRenewalsOneRefreshGrant(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	w := newWorld(t)
	w.configure()
	w.login(profile, "mary_major@example.com")
	w.age(profile, false)
	spent := w.store().mustGet(t, profile).RefreshToken.Reveal()
	rec := &idpGrants{}
	keys := make([]string, 20)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := w.runObserved(rec, time.Time{}, "credentials", "--profile", profile)
			if r.code != 0 {
				t.Errorf("credentials #%d: exit %d: %s", i, r.code, r.stderr)
				return
			}
			keys[i] = parseProcess(t, r.stdout).AccessKeyId
		}()
	}
	wg.Wait()
	if got := rec.count("refresh_token"); got != 1 {
		t.Errorf("20 concurrent renewals made %d refresh grants, want 1", got)
	}
	for i, k := range keys {
		if k != keys[0] {
			t.Errorf("caller %d got key %s, caller 0 got %s", i, k, keys[0])
		}
	}
	if kept := w.store().mustGet(t, profile).RefreshToken.Reveal(); kept == spent {
		t.Errorf("the cache still holds the spent refresh token")
	}
	w.age(profile, false)
	w.must(w.runObserved(rec, time.Time{}, "credentials", "--profile", profile), "renewal after the concurrent ones")
	if got := rec.count("refresh_token"); got != 2 {
		t.Errorf("%d refresh grants after one more renewal, want 2", got)
	}
}

// TestOAUTH11_ConcurrentRenewalProcesses: the same across processes: 8
// `qbiz credentials` processes renewing at once all succeed with one STS
// call, and no reuse detection was triggered (the next renewal works).
func TestOAUTH11_ConcurrentRenewalProcesses(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	w := newWorld(t)
	w.configure()
	w.login(profile, "mary_major@example.com")
	w.age(profile, false)
	before := w.ledgerCount("AssumeRoleWithWebIdentity")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := w.runBinary(context.Background(), "credentials", "--profile", profile); r.code != 0 {
				t.Errorf("process %d: exit %d: %s", i, r.code, r.stderr)
			}
		}()
	}
	wg.Wait()
	if got := w.ledgerCount("AssumeRoleWithWebIdentity") - before; got != 1 {
		t.Errorf("8 concurrent processes made %d STS calls, want 1", got)
	}
	w.age(profile, false)
	w.must(w.run(failOpener{t}, "credentials", "--profile", profile), "renewal after the concurrent ones")
}

// TestOAUTH11_RotatedTokensKeptWhenAWSFails: a renewal whose refresh
// grants succeed but whose STS call fails still keeps the rotated refresh
// tokens (the IdP's, and Identity Center's), since the cached ones are
// spent: once STS answers again the next renewal works, through the
// refresh tokens and without a new token exchange.
func TestOAUTH11_RotatedTokensKeptWhenAWSFails(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, mode := range []string{"oidc", "idc"} {
		t.Run(mode, func(t *testing.T) {
			w := w.with(t)
			profile := "qbiz-sandbox-" + mode
			w.login(profile, "mary_major@example.com")
			w.age(profile, true)
			w.controlPost("/sandbox/faults", `{"sts":{"fail_next":5}}`, http.StatusOK)
			if r := w.run(failOpener{t}, "credentials", "--profile", profile); r.code == 0 {
				t.Fatalf("credentials succeeded while STS fails")
			}
			w.controlPost("/sandbox/faults", `{"sts":{}}`, http.StatusOK)
			bearer := w.idcGrants(jwtBearer)
			parseProcess(t, w.must(w.run(failOpener{t}, "credentials", "--profile", profile), "credentials once STS answers").stdout)
			if got := w.idcGrants(jwtBearer) - bearer; mode == "idc" && got != 0 {
				t.Errorf("%d token exchanges: the Identity Center refresh token was lost", got)
			}
		})
	}
}

// TestOAUTH11_RefreshAfterLogoutRefused: logout revokes the refresh token
// at the IdP. A copy of the signed-in cache entry that comes back
// afterwards (a stale backup, another process's copy) renews nothing: the
// IdP refuses the refresh, qbiz makes no STS call, removes the entry and
// names the login command.
func TestOAUTH11_RefreshAfterLogoutRefused(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	w := newWorld(t)
	w.configure()
	w.login(profile, "mary_major@example.com")
	stale := w.store().mustGet(t, profile)
	w.must(w.run(nil, "logout", "--profile", profile), "logout")
	wantLoginOnce(t, w.run(failOpener{t}, "credentials", "--profile", profile), profile)

	stale.AWS.Expiration = time.Now().Add(10 * time.Second)
	if err := w.store().Put(profile, stale); err != nil {
		t.Fatal(err)
	}
	before := w.ledgerCount("")
	rec := &idpGrants{}
	r := w.runObserved(rec, time.Time{}, "credentials", "--profile", profile)
	wantLoginOnce(t, r, profile)
	if got := rec.count("refresh_token"); got != 1 {
		t.Errorf("%d refresh grants, want 1 (refused)", got)
	}
	if got := w.ledgerCount(""); got != before {
		t.Errorf("%d AWS calls after the refused refresh, want 0", got-before)
	}
	if _, err := w.store().Get(profile); err == nil {
		t.Errorf("the refused sign-in is still cached")
	}
}

// TestIdentityCenterRefreshTokenOfAnotherUserRefused (STS-04 d): an
// Identity Center refresh token that yields another Identity Center user
// than the one pinned at sign-in is refused: no AssumeRole, the cached
// sign-in is removed and the person is told to sign in again.
func TestIdentityCenterRefreshTokenOfAnotherUserRefused(t *testing.T) {
	const profile = "qbiz-sandbox-idc"
	w := newWorld(t)
	w.configure()
	w.login(profile, "mateo_jackson@example.com")
	other := w.store().mustGet(t, profile).IDCRefreshToken
	if other.IsZero() {
		t.Fatal("the Identity Center sign-in kept no refresh token")
	}
	w.login(profile, "mary_major@example.com")
	s := w.store()
	e := s.mustGet(t, profile)
	e.IDCRefreshToken = other
	e.AWS.Expiration = time.Now().Add(10 * time.Second)
	if err := s.Put(profile, e); err != nil {
		t.Fatal(err)
	}
	before := w.ledgerCount("AssumeRole")
	r := w.run(failOpener{t}, "credentials", "--profile", profile)
	if r.code == 0 || r.stdout != "" || !strings.Contains(r.stderr, "different user") {
		t.Errorf("credentials with another user's Identity Center session: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	wantLoginOnce(t, r, profile)
	if got := w.ledgerCount("AssumeRole") - before; got != 0 {
		t.Errorf("%d AssumeRole calls with another user's session, want 0", got)
	}
	if _, err := w.store().Get(profile); err == nil {
		t.Errorf("the cache entry survived the user change")
	}
}

// TestSAMLSignInDue: SAML has no silent renewal. whoami says when a new
// sign-in is needed; in its last fifteen minutes credentials, exec and chat
// say so on stderr, and the credentials' stdout stays one JSON document.
// The clock is injected.
func TestSAMLSignInDue(t *testing.T) {
	const profile = "qbiz-sandbox-saml"
	w := newWorld(t)
	w.configure()
	w.login(profile, "mary_major@example.com")
	due := w.store().mustGet(t, profile).AWS.Expiration.Add(-5 * time.Minute)
	at := func(d time.Duration) time.Time { return due.Add(-d) }

	who := w.must(w.runObserved(nil, at(30*time.Minute), "whoami", "--profile", profile), "whoami")
	if !strings.Contains(who.stdout, "new sign-in needed:") || !strings.Contains(who.stdout, "(in 30m0s)") {
		t.Errorf("whoami does not say when a new sign-in is needed:\n%s", who.stdout)
	}
	early := w.must(w.runObserved(nil, at(20*time.Minute), "credentials", "--profile", profile), "credentials")
	if early.stderr != "" {
		t.Errorf("warning 20 minutes before the end: %q", early.stderr)
	}
	late := w.must(w.runObserved(nil, at(8*time.Minute), "credentials", "--profile", profile), "credentials")
	parseProcess(t, late.stdout)
	wantSignInWarning(t, "credentials", late.stderr, profile)

	ex := w.must(w.runObserved(nil, at(8*time.Minute), "exec", "--profile", profile, "--", helloBin), "exec")
	if ex.stdout != "hello\n" {
		t.Errorf("exec stdout = %q", ex.stdout)
	}
	wantSignInWarning(t, "exec", ex.stderr, profile)
	chat := w.must(w.runObserved(nil, at(8*time.Minute), "chat", "--profile", profile, "-m", "ACME status?"), "chat")
	wantSignInWarning(t, "chat", chat.stderr, profile)
}

func wantSignInWarning(t *testing.T, cmd, stderr, profile string) {
	t.Helper()
	want := "qbiz: your sign-in for profile " + profile + " ends in 8 minutes ("
	if strings.Count(stderr, want) != 1 || !strings.Contains(stderr, "; run: qbiz login --profile "+profile+"\n") {
		t.Errorf("%s: stderr should warn once with %q:\n%s", cmd, want, stderr)
	}
}

// wantLoginOnce: a failure with nothing on stdout that names the login
// command exactly once.
func wantLoginOnce(t *testing.T, r result, profile string) {
	t.Helper()
	if r.code == 0 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q; want a failure", r.code, r.stdout)
	}
	if n := strings.Count(r.stderr, "qbiz login --profile "+profile); n != 1 {
		t.Errorf("stderr names the login command %d times, want once:\n%s", n, r.stderr)
	}
}

// jwtBearer is Identity Center's token exchange grant.
const jwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// idcGrants counts successful CreateTokenWithIAM calls of a grant type.
func (w *world) idcGrants(grant string) int {
	return w.sb.Ledger.Count(func(e ledger.Entry) bool {
		return e.Operation == "CreateTokenWithIAM" && e.Status == http.StatusOK && e.Detail["grant_type"] == grant
	})
}

func (w *world) lastSeq() int64 {
	es := w.sb.Ledger.Entries(nil)
	if len(es) == 0 {
		return 0
	}
	return es[len(es)-1].Seq
}

// controlPost calls a sandbox control endpoint.
func (w *world) controlPost(path, body string, want int) {
	w.t.Helper()
	postStatus(w.t, w.sb.HTTPClient(), w.sb.URL+path, body, want)
}

// runObserved runs qbiz in-process like run, recording the grant type of
// every token request qbiz sends when rec is set, with now as the clock
// unless it is zero.
func (w *world) runObserved(rec *idpGrants, now time.Time, args ...string) result {
	var out, errb bytes.Buffer
	vars := w.env(nil)
	var rt http.RoundTripper = countingTransport{w.calls, http.DefaultTransport}
	if rec != nil {
		rt = &recordingTransport{rec: rec, rt: rt}
	}
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:     func(k string) string { return vars[k] },
		Environ:    func() []string { return environ(vars) },
		IsTerminal: func() bool { return false },
		HTTPClient: &http.Client{Transport: rt, Timeout: 30 * time.Second},
		Executable: func() (string, error) { return qbizBin, nil },
	}
	if !now.IsZero() {
		env.Now = func() time.Time { return now }
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	code := cli.Main(ctx, args, env)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// idpGrants are the grant types of the OAuth token requests seen.
type idpGrants struct {
	mu     sync.Mutex
	grants []string
}

func (g *idpGrants) add(grant string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.grants = append(g.grants, grant)
}

func (g *idpGrants) count(grant string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, x := range g.grants {
		if x == grant {
			n++
		}
	}
	return n
}

// recordingTransport records the grant_type of form-encoded POSTs to an
// OAuth token endpoint (path ending in /token).
type recordingTransport struct {
	rec *idpGrants
	rt  http.RoundTripper
}

func (t *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/token") || r.Body == nil ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return t.rt.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	form, _ := url.ParseQuery(string(body))
	t.rec.add(form.Get("grant_type"))
	c := r.Clone(r.Context())
	c.Body = io.NopCloser(bytes.NewReader(body))
	return t.rt.RoundTrip(c)
}
