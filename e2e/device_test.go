package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
)

// TestDeviceLogin: `qbiz login --device` prints the verification URL and
// user code on stderr; a person approves it at the sandbox IdP's device
// page on another machine (code entry, then the login form); the login
// finishes, credentials print a credential_process document and a
// ChatSync signed with them answers as that person. Without --device, an
// SSH session with no browser opener picks the device flow by itself; an
// opener counts as a browser, so the same session then uses it.
func TestDeviceLogin(t *testing.T) {
	w := newWorld(t)
	w.configure()
	const profile = "qbiz-sandbox-oidc"
	ssh := map[string]string{"SSH_CONNECTION": "203.0.113.7 52144 10.0.0.5 22"}
	tests := []struct {
		name   string
		user   string
		opener cli.Opener
		extra  map[string]string
		args   []string
	}{
		{"explicit --device", "mary_major@example.com", failOpener{t}, nil, []string{"login", "--profile", profile, "--device"}},
		{"chosen over SSH without a browser", "mateo_jackson@example.com", nil, ssh, []string{"login", "--profile", profile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := w.with(t)
			stderr := w.deviceLogin(tt.user, tt.opener, tt.extra, tt.args...)
			if !strings.Contains(stderr, "the code expires in") {
				t.Errorf("no countdown on stderr:\n%s", stderr)
			}
			creds := parseProcess(t, w.must(w.run(failOpener{t}, "credentials", "--profile", profile), "credentials").stdout)
			entry, _ := w.chat(staticCreds(creds), w.app("oidc").ApplicationID, "What is the status of the ACME project?")
			if entry.Identity != tt.user {
				t.Errorf("ChatSync answered as %q, want %q", entry.Identity, tt.user)
			}
		})
	}
	t.Run("an injected opener is a browser even over SSH", func(t *testing.T) {
		w := w.with(t)
		r := w.must(w.runEnv(w.browser("mary_major@example.com"), ssh, "login", "--profile", profile), "login over SSH with an opener")
		if strings.Contains(r.stderr, "enter the code") {
			t.Errorf("device flow used although a browser opener was given:\n%s", r.stderr)
		}
	})
}

// deviceLogin runs qbiz login (expected to use the device flow), approves
// the code it shows as user and returns qbiz's stderr.
func (w *world) deviceLogin(user string, opener cli.Opener, extra map[string]string, args ...string) string {
	w.t.Helper()
	errb := &syncBuffer{}
	done := make(chan result, 1)
	go func() { done <- w.runTo(errb, opener, extra, args...) }()
	verifyURI, code, err := awaitDeviceCode(errb, done)
	if err != nil {
		w.t.Fatalf("%v\nstderr: %s", err, errb.String())
	}
	u := w.user(user)
	if err := approveDevice(context.Background(), verifyURI, code, u.Username, u.Password); err != nil {
		w.t.Fatalf("approve device code: %v", err)
	}
	r := <-done
	if r.code != 0 {
		w.t.Fatalf("device login: exit %d\nstderr: %s", r.code, errb.String())
	}
	return errb.String()
}

var deviceLine = regexp.MustCompile(`visit (\S+) and enter the code (\S+)\n`)

// awaitDeviceCode polls qbiz's stderr until the code appears or qbiz exits.
func awaitDeviceCode(errb *syncBuffer, done <-chan result) (verifyURI, code string, err error) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		s := errb.String()
		if m := deviceLine.FindStringSubmatch(s); m != nil {
			return m[1], m[2], nil
		}
		if strings.Contains(s, "/authorize?") {
			return "", "", fmt.Errorf("qbiz started the browser flow, not the device flow")
		}
		select {
		case r := <-done:
			return "", "", fmt.Errorf("qbiz exited %d before showing a device code", r.code)
		case <-tick.C:
		}
	}
}

// approveDevice is the person on another device: open the verification
// URL, type the code, sign in at the login form (keeping its hidden
// fields).
func approveDevice(ctx context.Context, verifyURI, code, username, password string) error {
	c := &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
	if _, err := getPage(ctx, c, verifyURI); err != nil {
		return err
	}
	entry, err := url.Parse(verifyURI)
	if err != nil {
		return fmt.Errorf("verification URI: %w", err)
	}
	entry.RawQuery = url.Values{"user_code": {code}}.Encode()
	page, err := getPage(ctx, c, entry.String())
	if err != nil {
		return err
	}
	form := hiddenFields(page)
	if form.Get("user_code") == "" {
		return fmt.Errorf("the login form does not carry the user code:\n%s", page)
	}
	form.Set("username", username)
	form.Set("password", password)
	action, err := formAction(entry, page)
	if err != nil {
		return err
	}
	resp, err := c.PostForm(action, form)
	if err != nil {
		return fmt.Errorf("post login form: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Signed in") {
		return fmt.Errorf("login form answered %s:\n%s", resp.Status, body)
	}
	return nil
}

func getPage(ctx context.Context, c *http.Client, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", fmt.Errorf("device page: %w", err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("device page: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("device page %s: %s %v", u, resp.Status, err)
	}
	return string(body), nil
}

var actionRE = regexp.MustCompile(`<form method="post" action="([^"]*)">`)

// formAction resolves the login form's action against the page's URL.
func formAction(base *url.URL, page string) (string, error) {
	m := actionRE.FindStringSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("no login form on the device page:\n%s", page)
	}
	u, err := base.Parse(html.UnescapeString(m[1]))
	if err != nil {
		return "", fmt.Errorf("login form action: %w", err)
	}
	return u.String(), nil
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)

func hiddenFields(page string) url.Values {
	v := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(page, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// syncBuffer is a bytes.Buffer safe for one writer and a polling reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
