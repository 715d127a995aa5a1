package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/demo"
)

// secrets maps every secret value seen to its kind.
type secrets struct {
	mu sync.Mutex
	m  map[string]string
}

// add records v as a secret of kind; short values would match by chance.
func (s *secrets) add(kind, v string) {
	if len(v) < 12 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[v] = kind
}

func (s *secrets) kinds() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]bool{}
	for _, k := range s.m {
		out[k] = true
	}
	return out
}

// in returns the kinds of secret that occur in text.
func (s *secrets) in(text string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []string
	for v, kind := range s.m {
		if strings.Contains(text, v) {
			found = append(found, kind)
		}
	}
	sort.Strings(found)
	return found
}

// Where each kind of secret travels: form and JSON fields of requests and
// responses, headers, and XML elements of STS answers.
var (
	formSecrets = map[string]string{"code": "authorization code", "code_verifier": "PKCE code_verifier",
		"client_secret": "client secret", "refresh_token": "refresh token", "token": "revoked token",
		"SAMLResponse": "SAMLResponse", "SAMLAssertion": "SAMLResponse", "WebIdentityToken": "ID token",
		"password": "IdP password", "ProvidedContexts.member.1.ContextAssertion": "identity context"}
	jsonSecrets = map[string]string{"access_token": "access token", "id_token": "ID token", "refresh_token": "refresh token",
		"accessToken": "Identity Center access token", "idToken": "Identity Center ID token",
		"refreshToken": "Identity Center refresh token", "assertion": "ID token"}
	xmlSecrets  = regexp.MustCompile(`<(SecretAccessKey|SessionToken)>([^<]+)</`)
	htmlSecrets = regexp.MustCompile(`name="(SAMLResponse)" value="([^"]+)"`)
)

// harvester is an http.RoundTripper that records every secret in the
// traffic it carries.
type harvester struct {
	next http.RoundTripper
	s    *secrets
}

func (h harvester) RoundTrip(req *http.Request) (*http.Response, error) {
	body := drain(&req.Body)
	h.request(req, body)
	resp, err := h.next.RoundTrip(req)
	if resp != nil {
		h.response(resp, drain(&resp.Body))
	}
	return resp, err
}

// drain reads *rc and puts an identical reader back.
func drain(rc *io.ReadCloser) []byte {
	if *rc == nil || *rc == http.NoBody {
		return nil
	}
	b, _ := io.ReadAll(*rc)
	(*rc).Close()
	*rc = io.NopCloser(bytes.NewReader(b))
	return b
}

func (h harvester) request(req *http.Request, body []byte) {
	h.fields(req.URL.Query())
	h.s.add("AWS session token", req.Header.Get("X-Amz-Security-Token"))
	if _, pass, ok := req.BasicAuth(); ok {
		p, _ := url.QueryUnescape(pass)
		h.s.add("client secret", p)
	}
	h.s.add("bearer token", strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "))
	h.body(req.Header.Get("Content-Type"), body)
}

func (h harvester) response(resp *http.Response, body []byte) {
	if loc, err := resp.Location(); err == nil {
		h.fields(loc.Query())
	}
	h.body(resp.Header.Get("Content-Type"), body)
	for _, re := range []*regexp.Regexp{xmlSecrets, htmlSecrets} {
		for _, m := range re.FindAllSubmatch(body, -1) {
			h.s.add(map[string]string{"SecretAccessKey": "AWS secret key", "SessionToken": "AWS session token",
				"SAMLResponse": "SAMLResponse"}[string(m[1])], string(m[2]))
		}
	}
}

func (h harvester) body(contentType string, body []byte) {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		form, _ := url.ParseQuery(string(body))
		h.fields(form)
	case strings.Contains(mt, "json"):
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		for k, kind := range jsonSecrets {
			if v, ok := m[k].(string); ok {
				h.s.add(kind, v)
			}
		}
	}
}

func (h harvester) fields(v url.Values) {
	for k, kind := range formSecrets {
		h.s.add(kind, v.Get(k))
	}
}

// runHarvested is world.runEnv with qbiz's HTTP traffic harvested for
// secrets.
func (w *world) runHarvested(s *secrets, opener cli.Opener, args ...string) result {
	var out, errb bytes.Buffer
	vars := w.env(nil)
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:     func(k string) string { return vars[k] },
		Environ:    func() []string { return environ(vars) },
		IsTerminal: func() bool { return false },
		Opener:     opener,
		HTTPClient: &http.Client{Transport: harvester{http.DefaultTransport, s}, Timeout: 30 * time.Second},
		Executable: func() (string, error) { return qbizBin, nil },
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	code := cli.Main(ctx, args, env)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// harvestingBrowser signs user in with its traffic harvested too (the
// code in the loopback redirect, the SAMLResponse posted to the ACS, the
// password).
func (w *world) harvestingBrowser(s *secrets, user string) *demo.Browser {
	u := w.user(user)
	s.add("IdP password", u.Password)
	return demo.NewBrowser(&http.Client{Transport: harvester{&http.Transport{}, s}, Timeout: 30 * time.Second}, u.Username, u.Password)
}

// cached adds every secret of profile's cache entry.
func (w *world) cached(s *secrets, profile string) {
	e, err := w.store().Get(profile)
	if err != nil {
		return
	}
	for kind, v := range map[string]string{"ID token": e.IDToken.Reveal(), "refresh token": e.RefreshToken.Reveal(),
		"Identity Center access token": e.IDCAccessToken.Reveal(), "Identity Center refresh token": e.IDCRefreshToken.Reveal(),
		"AWS secret key": e.AWS.SecretAccessKey.Reveal(), "AWS session token": e.AWS.SessionToken.Reveal()} {
		s.add(kind, v)
	}
}

// TestCRED01EverySecretKindStaysOut: every command of every mode, with -v,
// including silent renewals, a chat and logout; then every secret qbiz
// handled (taken from its own traffic, the browser's, and its cache) is
// looked for in every stderr, every stdout but the ones that exist to
// print credentials, and every file under HOME.
func TestCRED01EverySecretKindStaysOut(t *testing.T) {
	w := newWorld(t)
	w.configure()
	s := &secrets{m: map[string]string{}}
	s.add("keyring passphrase", keyringPassword)
	s.add("sandbox administrator's secret key", w.info.AdminCredentials.SecretAccessKey)
	outputs := map[string]string{}
	run := func(profile string, opener cli.Opener, args ...string) result {
		r := w.runHarvested(s, opener, append(args, "-v", "--profile", profile)...)
		if r.code != 0 {
			t.Fatalf("%s %v: exit %d\n%s", profile, args, r.code, r.stderr)
		}
		w.cached(s, profile)
		name := profile + " " + strings.Join(args, " ")
		outputs[name+" (stderr)"] = r.stderr
		if args[0] != "credentials" {
			outputs[name+" (stdout)"] = r.stdout
		}
		return r
	}
	var printed string
	for _, mode := range []string{"oidc", "saml", "idc"} {
		profile := "qbiz-sandbox-" + mode
		run(profile, w.harvestingBrowser(s, "mary_major@example.com"), "login")
		if mode != "saml" {
			w.age(profile, true)
		}
		printed = run(profile, failOpener{t}, "credentials").stdout
		run(profile, nil, "whoami")
		run(profile, nil, "chat", "-m", "When does the ACME project launch?")
		run(profile, nil, "logout")
	}
	want := []string{"authorization code", "PKCE code_verifier", "ID token", "refresh token", "access token",
		"SAMLResponse", "identity context", "Identity Center refresh token", "AWS secret key", "AWS session token",
		"IdP password", "keyring passphrase", "sandbox administrator's secret key"}
	seen := s.kinds()
	for _, kind := range want {
		if !seen[kind] {
			t.Errorf("no %s was seen: the test no longer exercises it", kind)
		}
	}
	if got := s.in(printed); len(got) == 0 {
		t.Fatal("control: the credentials output holds no AWS secret key, so the search finds nothing")
	}
	filepath.WalkDir(w.home, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(w.home, path)
			outputs["file ~/"+rel] = string(b)
		}
		return nil
	})
	for where, text := range outputs {
		if found := s.in(text); len(found) > 0 {
			t.Errorf("%s holds: %s", where, strings.Join(found, ", "))
		}
	}
}

// TestCRED05KeyringUnavailableRefusesLogin: with an OS keyring named that
// cannot be opened (Secret Service without a session bus), login fails
// before any sign-in, names that keyring, and leaves nothing in HOME but
// the configuration: no silent fallback to a file. The twin with the
// encrypted file backend signs in.
func TestCRED05KeyringUnavailableRefusesLogin(t *testing.T) {
	w := newWorld(t)
	w.configure()
	before := filesUnder(t, w.home)
	unavailable := map[string]string{"QBIZ_KEYRING_BACKEND": "secret-service", "DBUS_SESSION_BUS_ADDRESS": "", "XDG_RUNTIME_DIR": ""}
	r := w.runEnv(failOpener{t}, unavailable, "login", "--profile", "qbiz-sandbox-oidc")
	if r.code == 0 {
		t.Fatalf("login without a usable keyring succeeded:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, `"secret-service"`) || !strings.Contains(r.stderr, "not available") {
		t.Errorf("the error does not name the keyring it could not open:\n%s", r.stderr)
	}
	if after := filesUnder(t, w.home); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("files written without a keyring: %v, before %v", after, before)
	}
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
}

func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}
