package e2e_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
)

// sessionLifetime makes the sandbox IdP's sign-ins of mode's client last
// d from authentication, as an IdP administrator's client session
// setting does (OIDC: refresh_expires_in; SAML: SessionNotOnOrAfter).
func (w *world) sessionLifetime(mode string, d time.Duration) {
	w.t.Helper()
	secs := strconv.FormatInt(int64(d/time.Second), 10)
	if mode == "saml" {
		a := w.app("saml")
		w.post("/sandbox/saml/service-providers", `{"entity_id": "`+w.info.SAML.SPEntityID+`", "session_lifetime_seconds": `+secs+
			`, "roles": [{"role_arn": "`+a.RoleARN+`", "provider_arn": "`+a.ProviderARN+`"}]}`)
		return
	}
	w.post("/sandbox/oidc/clients", `{"client_id": "`+w.app(mode).ClientID+`", "refresh_token_ttl_seconds": `+secs+`}`)
}

// countingOpener counts the browsers a command opens.
type countingOpener struct {
	n    *atomic.Int64
	next cli.Opener
}

func (o countingOpener) Open(u string) error { o.n.Add(1); return o.next.Open(u) }

// TestExpiryWarningOnStderr: an OIDC sign-in whose IdP session (the
// refresh token's lifetime, announced by the IdP) ends in ten minutes
// makes qbiz credentials say so in one line on stderr — the built binary
// as an SDK runs it — while stdout stays the same valid credential_process
// JSON; the next call within a minute does not repeat it, one a minute
// later does.
func TestExpiryWarningOnStderr(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	w := newWorld(t)
	w.configure()
	w.sessionLifetime("oidc", 10*time.Minute)
	w.login(profile, "mary_major@example.com")
	e := w.store().mustGet(t, profile)
	if e.RefreshExpiry.IsZero() || time.Until(e.RefreshExpiry) > 10*time.Minute {
		t.Fatalf("refresh token's end = %v, want the IdP's ten minutes", e.RefreshExpiry)
	}

	first := w.must(w.runBinary(context.Background(), "credentials", "--profile", profile), "credentials (binary)")
	lines := strings.Split(strings.TrimSuffix(first.stderr, "\n"), "\n")
	want := "qbiz: your sign-in for profile " + profile + " ends in "
	if len(lines) != 1 || !strings.HasPrefix(lines[0], want) ||
		!strings.HasSuffix(lines[0], "("+e.RefreshExpiry.Local().Format("15:04")+"); run: qbiz login --profile "+profile) {
		t.Errorf("stderr = %q, want one line %q…", first.stderr, want)
	}
	wantProcessJSON(t, first.stdout, e.AWS.AccessKeyID)

	again := w.must(w.run(nil, "credentials", "--profile", profile), "credentials")
	if again.stderr != "" {
		t.Errorf("the warning repeated within a minute: %q", again.stderr)
	}
	if again.stdout != first.stdout {
		t.Errorf("stdout changed between the warned call and the next:\n%s\n%s", first.stdout, again.stdout)
	}
	later := w.must(w.runObserved(nil, time.Now().Add(61*time.Second), "credentials", "--profile", profile), "credentials")
	if !strings.HasPrefix(later.stderr, want) || strings.Count(later.stderr, "\n") != 1 {
		t.Errorf("a minute later: stderr = %q, want the warning again", later.stderr)
	}
	wantProcessJSON(t, later.stdout, e.AWS.AccessKeyID)
}

// wantProcessJSON: stdout is exactly one credential_process document,
// Version 1 with the four members and the cached key, and nothing else.
func wantProcessJSON(t *testing.T, stdout, keyID string) {
	t.Helper()
	if strings.Count(stdout, "\n") != 1 || !strings.HasSuffix(stdout, "}\n") {
		t.Fatalf("stdout is not one JSON line: %q", stdout)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v", err)
	}
	for _, k := range []string{"Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("stdout lacks %s", k)
		}
	}
	if len(doc) != 5 || doc["Version"] != float64(1) || doc["AccessKeyId"] != keyID {
		t.Errorf("stdout = %v, want Version 1 with key %s and nothing more", doc, keyID)
	}
}

// TestNoExpiryWarningWithTwentyMinutes: a session ending in twenty
// minutes is not yet worth a word.
func TestNoExpiryWarningWithTwentyMinutes(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	w := newWorld(t)
	w.configure()
	w.sessionLifetime("oidc", 20*time.Minute)
	w.login(profile, "mary_major@example.com")
	r := w.must(w.run(nil, "credentials", "--profile", profile), "credentials")
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing twenty minutes before the end", r.stderr)
	}
	wantProcessJSON(t, r.stdout, w.store().mustGet(t, profile).AWS.AccessKeyID)
}

// TestSAMLSessionNotOnOrAfter: a SAML IdP that ends its sessions after
// fifteen minutes says so in SessionNotOnOrAfter; STS bounds the
// credentials by it, whoami shows it as the IdP session's end, and
// credentials warn.
func TestSAMLSessionNotOnOrAfter(t *testing.T) {
	const profile = "qbiz-sandbox-saml"
	w := newWorld(t)
	w.configure()
	w.sessionLifetime("saml", 15*time.Minute)
	w.login(profile, "mary_major@example.com")
	e := w.store().mustGet(t, profile)
	if e.IdPSessionExpiry.IsZero() || e.AWS.Expiration.After(e.IdPSessionExpiry) {
		t.Fatalf("SessionNotOnOrAfter %v, credentials expire %v: want the credentials bounded by the session", e.IdPSessionExpiry, e.AWS.Expiration)
	}
	who := whoamiLayers(t, w, profile)
	if got := who["idp session"]; got.Ends.IsZero() || !got.Ends.Equal(e.IdPSessionExpiry) {
		t.Errorf("whoami idp session = %+v, want %v", got, e.IdPSessionExpiry)
	}
	r := w.must(w.run(nil, "credentials", "--profile", profile), "credentials")
	if !strings.HasPrefix(r.stderr, "qbiz: your sign-in for profile "+profile+" ends in ") {
		t.Errorf("stderr = %q, want the warning", r.stderr)
	}
	wantProcessJSON(t, r.stdout, e.AWS.AccessKeyID)
}

type layerJSON struct {
	Layer         string    `json:"layer"`
	Ends          time.Time `json:"ends"`
	EndsInSeconds *int64    `json:"ends_in_seconds"`
	Unknown       string    `json:"unknown"`
}

func whoamiLayers(t *testing.T, w *world, profile string) map[string]layerJSON {
	t.Helper()
	var who struct {
		Layers []layerJSON `json:"layers"`
	}
	out := w.must(w.run(nil, "whoami", "--profile", profile, "--json"), "whoami --json").stdout
	if err := json.Unmarshal([]byte(out), &who); err != nil {
		t.Fatalf("whoami --json: %v\n%s", err, out)
	}
	m := map[string]layerJSON{}
	for _, l := range who.Layers {
		m[l.Layer] = l
	}
	return m
}

// TestWhoamiLayers: whoami shows the end of each layer of the sign-in
// with relative times, and --json has them; what nobody said is
// "unknown", never a guess.
func TestWhoamiLayers(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.sessionLifetime("oidc", 10*time.Minute)
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	w.login("qbiz-sandbox-idc", "mary_major@example.com")

	text := w.must(w.run(nil, "whoami", "--profile", "qbiz-sandbox-oidc"), "whoami").stdout
	for _, row := range []string{"end of idp session:", "end of refresh token:", "end of id token:", "end of aws credentials:"} {
		if line := lineWith(text, row); !strings.Contains(line, "(in ") {
			t.Errorf("whoami row %q = %q, want a time with a relative one\n%s", row, line, text)
		}
	}
	oidc := whoamiLayers(t, w, "qbiz-sandbox-oidc")
	if l := oidc["refresh token"]; l.EndsInSeconds == nil || *l.EndsInSeconds > 600 || *l.EndsInSeconds < 60 {
		t.Errorf("oidc refresh token layer = %+v, want about ten minutes", l)
	}
	if l := oidc["aws credentials"]; l.EndsInSeconds == nil || *l.EndsInSeconds <= 600 {
		t.Errorf("oidc aws credentials layer = %+v", l)
	}

	idc := whoamiLayers(t, w, "qbiz-sandbox-idc")
	if l := idc["idc token"]; l.Ends.IsZero() || l.EndsInSeconds == nil {
		t.Errorf("identity center token layer = %+v, want its end", l)
	}
	if l := idc["idc refresh token"]; !l.Ends.IsZero() || !strings.HasPrefix(l.Unknown, "unknown") {
		t.Errorf("identity center refresh token layer = %+v, want unknown", l)
	}
	idcText := w.must(w.run(nil, "whoami", "--profile", "qbiz-sandbox-idc"), "whoami").stdout
	if line := lineWith(idcText, "end of idc refresh token:"); !strings.Contains(line, "unknown") {
		t.Errorf("whoami idc: %q, want unknown\n%s", line, idcText)
	}
}

func lineWith(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// TestLoginIfNeededValid: with a sign-in good for longer than the
// threshold, login --if-needed exits 0 at once: no browser, no request to
// the IdP or AWS (sandbox ledger, qbiz's HTTP client), nothing printed.
func TestLoginIfNeededValid(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, profile := range []string{"qbiz-sandbox-oidc", "qbiz-sandbox-saml", "qbiz-sandbox-idc"} {
		w.login(profile, "mary_major@example.com")
	}
	checkOffline := w.offline("login --if-needed")
	for _, profile := range []string{"qbiz-sandbox-oidc", "qbiz-sandbox-saml", "qbiz-sandbox-idc"} {
		r := w.run(refuseBrowser{t}, "login", "--if-needed", "--profile", profile)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 0 and nothing", profile, r.code, r.stdout, r.stderr)
		}
	}
	checkOffline()
}

// TestLoginIfNeededRenews: an OIDC sign-in whose credentials and ID token
// have expired renews silently through the refresh token (no browser,
// nothing printed, one STS exchange); a SAML one, which cannot, signs in
// again in the browser; an OIDC one whose IdP session ends within the
// threshold, which a refresh cannot extend, signs in again too.
func TestLoginIfNeededRenews(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	w.age("qbiz-sandbox-oidc", true)
	sts := w.ledgerCount("AssumeRoleWithWebIdentity")
	r := w.run(refuseBrowser{t}, "login", "--if-needed", "--profile", "qbiz-sandbox-oidc")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("oidc: exit %d, stdout %q, stderr %q; want a silent renewal", r.code, r.stdout, r.stderr)
	}
	if got := w.ledgerCount("AssumeRoleWithWebIdentity") - sts; got != 1 {
		t.Errorf("oidc: %d STS exchanges, want 1", got)
	}
	if e := w.store().mustGet(t, "qbiz-sandbox-oidc"); time.Until(e.AWS.Expiration) < 30*time.Minute || time.Until(e.RefreshExpiry) < 23*time.Hour {
		t.Errorf("oidc: credentials expire %v, the rotated refresh token %v after the renewal", e.AWS.Expiration, e.RefreshExpiry)
	}

	opened := new(atomic.Int64)
	browser := countingOpener{opened, w.browser("mary_major@example.com")}
	w.login("qbiz-sandbox-saml", "mary_major@example.com")
	w.age("qbiz-sandbox-saml", false)
	w.must(w.run(browser, "login", "--if-needed", "--profile", "qbiz-sandbox-saml"), "saml login --if-needed")
	if opened.Load() != 1 {
		t.Errorf("saml: %d browsers opened, want 1", opened.Load())
	}
	if e := w.store().mustGet(t, "qbiz-sandbox-saml"); time.Until(e.AWS.Expiration) < 30*time.Minute {
		t.Errorf("saml: credentials expire %v after the sign-in", e.AWS.Expiration)
	}

	w.sessionLifetime("oidc", 10*time.Minute)
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	w.sessionLifetime("oidc", 24*time.Hour)
	opened.Store(0)
	w.must(w.run(browser, "login", "--if-needed", "--profile", "qbiz-sandbox-oidc"), "oidc login --if-needed")
	if opened.Load() != 1 {
		t.Errorf("oidc session ending: %d browsers opened, want 1", opened.Load())
	}
	if e := w.store().mustGet(t, "qbiz-sandbox-oidc"); time.Until(e.RefreshExpiry) < time.Hour {
		t.Errorf("oidc: the new sign-in's session ends %v", e.RefreshExpiry)
	}
}
