package e2e_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/demo"
)

// hop is one answer of qbiz's loopback listener to the browser.
type hop struct {
	method, path, query string
	status              int
	location, body      string
}

// loopbackRecorder is a browser's transport that remembers what qbiz's
// loopback listener answered (every 127.0.0.1 origin but the sandbox's)
// and can tamper with the SAML response the browser posts to it.
type loopbackRecorder struct {
	sandboxHost string
	tamper      func(url.Values)
	rt          http.RoundTripper
	mu          sync.Mutex
	hops        []hop
}

func (w *world) recorder(tamper func(url.Values)) *loopbackRecorder {
	u, _ := url.Parse(w.sb.URL)
	return &loopbackRecorder{sandboxHost: u.Host, tamper: tamper, rt: &http.Transport{}}
}

func (r *loopbackRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == r.sandboxHost {
		return r.rt.RoundTrip(req)
	}
	if r.tamper != nil && req.Method == http.MethodPost {
		if err := r.tamperForm(req); err != nil {
			return nil, err
		}
	}
	resp, err := r.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.hops = append(r.hops, hop{req.Method, req.URL.Path, req.URL.RawQuery, resp.StatusCode, resp.Header.Get("Location"), string(body)})
	r.mu.Unlock()
	return resp, nil
}

func (r *loopbackRecorder) tamperForm(req *http.Request) error {
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return err
	}
	form, err := url.ParseQuery(string(b))
	if err != nil {
		return err
	}
	r.tamper(form)
	enc := form.Encode()
	req.Body, req.ContentLength = io.NopCloser(strings.NewReader(enc)), int64(len(enc))
	return nil
}

func (r *loopbackRecorder) seen() []hop {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hop(nil), r.hops...)
}

// client is a browser's HTTP client over r.
func (r *loopbackRecorder) client() *http.Client {
	return &http.Client{Transport: r, Timeout: 30 * time.Second}
}

// deniedAtIdP plays an IdP that sends the browser back to qbiz with
// error=access_denied instead of a code.
type deniedAtIdP struct {
	client *http.Client
	issuer string
	done   chan error
}

func (d deniedAtIdP) Open(authURL string) error {
	u, err := url.Parse(authURL)
	if err != nil {
		return err
	}
	q := u.Query()
	back := q.Get("redirect_uri") + "?" + url.Values{"state": {q.Get("state")}, "iss": {d.issuer},
		"error": {"access_denied"}, "error_description": {"the user declined"}}.Encode()
	go func() {
		resp, err := d.client.Get(back)
		if err == nil {
			resp.Body.Close()
		}
		d.done <- err
	}()
	return nil
}

// corruptAssertion changes the signed assertion's text, so its signature
// no longer verifies.
func corruptAssertion(form url.Values) {
	raw, _ := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	doc := strings.Replace(string(raw), "mary_major@example.com", "mary_majoR@example.com", 1)
	form.Set("SAMLResponse", base64.StdEncoding.EncodeToString([]byte(doc)))
}

// TestSignInOutcomeShownOnce: whatever the outcome of a sign-in, the
// browser is redirected (303, nothing rendered) from the URL that carried
// the response to a clean URL of the loopback listener whose page tells
// the truth — "Signed in", or "Sign-in failed" pointing to the terminal
// when qbiz refused the response — and a refusal is printed once on
// stderr, as "qbiz: …" with at most one hint, and never logged as well.
func TestSignInOutcomeShownOnce(t *testing.T) {
	w := newWorld(t)
	w.configure()
	tests := []struct {
		name, profile string
		denied        bool
		tamper        func(url.Values)
		args          []string
		wantCode      int
		wantOnce      string
		wantPath      string
		wantPage      string
	}{
		{"oidc accepted", "qbiz-sandbox-oidc", false, nil, nil, 0, "", "/done", "Signed in"},
		{"oidc denied at the IdP", "qbiz-sandbox-oidc", true, nil, nil, 1, "denied at the identity provider", "/failed", "Sign-in failed"},
		{"oidc denied, -v", "qbiz-sandbox-oidc", true, nil, []string{"-v"}, 1, "denied at the identity provider", "/failed", "Sign-in failed"},
		{"saml accepted", "qbiz-sandbox-saml", false, nil, nil, 0, "", "/done", "Signed in"},
		{"saml response tampered", "qbiz-sandbox-saml", false, corruptAssertion, nil, 1, "signature not valid", "/failed", "Sign-in failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := w.with(t)
			rec := w.recorder(tt.tamper)
			u := w.user("mary_major@example.com")
			b := demo.NewBrowser(rec.client(), u.Username, u.Password)
			var opener cli.Opener = b
			if tt.denied {
				opener = deniedAtIdP{rec.client(), w.info.OIDC.Issuer, b.Err}
			}
			r := w.run(opener, append([]string{"login", "--profile", tt.profile}, tt.args...)...)
			if r.code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstderr: %s", r.code, tt.wantCode, r.stderr)
			}
			if err := <-b.Err; err != nil {
				t.Fatalf("browser: %v", err)
			}
			if tt.wantOnce != "" {
				checkPrintedOnce(t, r.stderr, tt.wantOnce, len(tt.args) > 0)
			}
			checkLanding(t, rec.seen(), tt.wantPath, tt.wantPage)
		})
	}
}

// checkPrintedOnce: the refusal appears once, as the one "qbiz:" line,
// with at most one hint (none suggesting -v when -v was given), and no
// warning was logged about it.
func checkPrintedOnce(t *testing.T, stderr, refusal string, verbose bool) {
	t.Helper()
	switch {
	case strings.Count(stderr, refusal) != 1:
		t.Errorf("the refusal %q appears %d times:\n%s", refusal, strings.Count(stderr, refusal), stderr)
	case strings.Count(stderr, "qbiz: ") != 1 || !strings.Contains(stderr, "qbiz: "):
		t.Errorf("not one qbiz: line:\n%s", stderr)
	case strings.Count(stderr, "hint:") > 1:
		t.Errorf("more than one hint:\n%s", stderr)
	case verbose && strings.Contains(stderr, "run with -v"):
		t.Errorf("-v was given, yet the hint asks for it:\n%s", stderr)
	case strings.Contains(stderr, "level=WARN") || strings.Contains(stderr, "level=ERROR"):
		t.Errorf("the refusal was logged as well as returned:\n%s", stderr)
	}
}

// checkLanding: the listener answered the response with a bare 303 to a
// clean path of its own and showed the page there.
func checkLanding(t *testing.T, hops []hop, path, page string) {
	t.Helper()
	if len(hops) != 2 {
		t.Fatalf("the browser saw %d answers of the loopback listener, want 2: %+v", len(hops), hops)
	}
	resp, result := hops[0], hops[1]
	if resp.status != http.StatusSeeOther || resp.location != path || resp.body != "" {
		t.Errorf("the URL carrying the response answered %d %q with %q; want a bare 303 to %s", resp.status, resp.location, resp.body, path)
	}
	if result.method != http.MethodGet || result.path != path || result.query != "" || result.status != http.StatusOK {
		t.Errorf("result page: %s %s?%s → %d", result.method, result.path, result.query, result.status)
	}
	if !strings.Contains(result.body, page) {
		t.Errorf("result page %q, want %q", result.body, page)
	}
	if page != "Signed in" && (!strings.Contains(result.body, "terminal") || strings.Contains(result.body, "Signed in")) {
		t.Errorf("failure page %q does not send the person to the terminal", result.body)
	}
}

// qbizProcess is the built qbiz running in the background.
type qbizProcess struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan result
}

func (w *world) start(args ...string) *qbizProcess {
	w.t.Helper()
	p := &qbizProcess{cmd: exec.Command(qbizBin, args...), stderr: &syncBuffer{}, done: make(chan result, 1)}
	var out bytes.Buffer
	p.cmd.Env, p.cmd.Stdout, p.cmd.Stderr = environ(w.vars), &out, p.stderr
	if err := p.cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	go func() {
		err := p.cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		p.done <- result{code: code, stdout: out.String(), stderr: p.stderr.String()}
	}()
	w.t.Cleanup(func() { _ = p.cmd.Process.Kill() })
	return p
}

// await waits until re matches the process's stderr and returns the
// match; the deadline only guards against a hung test.
func (p *qbizProcess) await(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	return awaitIn(t, p.stderr, re, p.done)
}

func awaitIn(t *testing.T, b *syncBuffer, re *regexp.Regexp, done <-chan result) []string {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	guard := time.After(60 * time.Second)
	for {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m
		}
		select {
		case r := <-done:
			t.Fatalf("qbiz exited %d before printing %q:\n%s", r.code, re, r.stderr)
		case <-guard:
			t.Fatalf("qbiz never printed %q:\n%s", re, b.String())
		case <-tick.C:
		}
	}
}

var (
	signInURL   = regexp.MustCompile(`(http://\S+/(?:authorize|sso)\?\S+)\n`)
	waitingLine = regexp.MustCompile(`Waiting up to 10 minutes for the sign-in to finish in the browser \(Ctrl-C to cancel\)`)
)

// TestLoginSaysWaitingAndCtrlCCancels: qbiz login --no-browser prints
// the URL, says it is waiting and for how long; the device flow shows its
// countdown; Ctrl-C then ends it with "sign-in cancelled", not Go's
// "context canceled".
func TestLoginSaysWaitingAndCtrlCCancels(t *testing.T) {
	w := newWorld(t)
	w.configure()
	tests := []struct {
		name    string
		args    []string
		waiting *regexp.Regexp
	}{
		{"oidc --no-browser", []string{"login", "--no-browser", "--profile", "qbiz-sandbox-oidc"}, waitingLine},
		{"saml --no-browser", []string{"login", "--no-browser", "--profile", "qbiz-sandbox-saml"}, waitingLine},
		{"oidc --device", []string{"login", "--device", "--profile", "qbiz-sandbox-oidc"}, regexp.MustCompile(`Waiting for approval… the code expires in \d+:\d\d`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := w.with(t)
			p := w.start(tt.args...)
			p.await(t, tt.waiting)
			if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			r := <-p.done
			if r.code != 1 || !strings.Contains(r.stderr, "qbiz: sign-in cancelled\n") || strings.Contains(r.stderr, "context canceled") {
				t.Errorf("after Ctrl-C: exit %d, stderr:\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestSecondLoginWaitsVisibly: while one qbiz login of a profile waits for
// its browser, a second login (or logout) of that profile says it is
// waiting for that process, naming it, then takes the first one's result.
func TestSecondLoginWaitsVisibly(t *testing.T) {
	w := newWorld(t)
	w.configure()
	const profile = "qbiz-sandbox-oidc"
	first := w.start("login", "--no-browser", "--profile", profile)
	authURL := first.await(t, signInURL)[1]
	first.await(t, waitingLine)
	second := &syncBuffer{}
	done := make(chan result, 1)
	go func() { done <- w.runTo(second, failOpener{t}, nil, "login", "--profile", profile) }()
	awaitIn(t, second, regexp.MustCompile(`Another qbiz process \(pid `+strconv.Itoa(first.cmd.Process.Pid)+` on \S+\) is using profile `+profile), done)
	b := w.browser("mary_major@example.com")
	if err := b.Open(authURL); err != nil {
		t.Fatal(err)
	}
	if r := <-first.done; r.code != 0 {
		t.Fatalf("first login: exit %d\n%s", r.code, r.stderr)
	}
	if r := <-done; r.code != 0 || !strings.Contains(second.String(), "Signed in by a concurrent qbiz login as mary_major@example.com") {
		t.Fatalf("second login: exit %d\n%s", r.code, second.String())
	}
}

// TestChatUnreachableEndpoint: chat against an endpoint nothing listens
// on fails at once with "cannot reach ENDPOINT" and advice, not the SDK's
// raw "StatusCode: 0" after a round of retries.
func TestChatUnreachableEndpoint(t *testing.T) {
	w := newWorld(t)
	w.configure()
	const profile = "qbiz-sandbox-oidc"
	w.login(profile, "mary_major@example.com")
	dead := closedPort(t)
	cfg := w.vars["AWS_CONFIG_FILE"]
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, bytes.ReplaceAll(b, []byte("endpoint_url = "+w.sb.URL), []byte("endpoint_url = "+dead)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"chat", "-m", "What is the status of the ACME project?"}, {"conversations", "list"}} {
		r := w.run(nil, append(args, "--profile", profile)...)
		want := "cannot reach " + dead
		if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "hint: ") {
			t.Errorf("%v: exit %d, want %q with a hint:\n%s", args, r.code, want, r.stderr)
		}
		for _, raw := range []string{"StatusCode: 0", "maximum number of attempts", "operation error"} {
			if strings.Contains(r.stderr, raw) {
				t.Errorf("%v: the SDK's raw error (%q) reached the person:\n%s", args, raw, r.stderr)
			}
		}
	}
}

// closedPort is http://127.0.0.1:PORT where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return fmt.Sprintf("http://%s", addr)
}

// TestIdentityChangePrintedOnce: when a silent refresh names another
// user, qbiz says so once — the error and its hint — without a warning
// logged beside it.
func TestIdentityChangePrintedOnce(t *testing.T) {
	w := newWorld(t)
	w.configure()
	const profile = "qbiz-sandbox-oidc"
	w.login(profile, "mateo_jackson@example.com")
	other := w.store().mustGet(t, profile).RefreshToken
	w.login(profile, "mary_major@example.com")
	w.age(profile, true)
	s := w.store()
	e := s.mustGet(t, profile)
	e.RefreshToken = other
	if err := s.Put(profile, e); err != nil {
		t.Fatal(err)
	}
	r := w.run(failOpener{t}, "credentials", "--profile", profile)
	if r.code != 1 || strings.Count(r.stderr, "qbiz: ") != 1 || strings.Count(r.stderr, "hint: ") != 1 ||
		strings.Count(r.stderr, "different user") != 1 || strings.Contains(r.stderr, "level=WARN") {
		t.Errorf("exit %d, want the identity change said once:\n%s", r.code, r.stderr)
	}
}
