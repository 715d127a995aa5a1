package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// Dex, a real OIDC provider the sandbox knows nothing of, signs users in.
// scripts/dex.sh builds it; QBIZ_DEX names the binary, else the script's
// default location is used.
const (
	dexClientID     = "qbiz-cli"
	dexClientSecret = "dex-client-secret-for-tests"
	dexPassword     = "password"
	// dexPasswordHash is bcrypt("password"), as Dex's static users take it.
	dexPasswordHash = "$2a$10$MSqzR55jAZAmKokRH4LYtOSCcm30VJHU2IJlyEYd54fQc90T4Q56e"
	dexAlice        = "alice@example.com"
	// dexMary is a Dex user whose email is also a user of the sandbox's
	// Identity Center directory.
	dexMary = "mary_major@example.com"
)

// TestDex provisions an empty account for Dex as the issuer with qbiz
// admin apply, signs in with qbiz login at Dex's own login form, and chats.
//
// oidc (IAM federation): STS fetches Dex's keys and issues alice a session,
// but Q Business knows an IAM-federated user only by the Email session tag,
// which STS takes from the ID token claim https://aws.amazon.com/tags. Dex
// cannot put custom claims into its ID tokens (AWS excludes Google and
// Entra ID from Q Business OIDC for the same reason), so the chat is
// refused, as AWS refuses it.
//
// idc (trusted identity propagation): Identity Center maps Dex's email
// claim to its user, and the chat runs as that user.
func TestDex(t *testing.T) {
	dex := startDex(t)
	t.Run("oidc", func(t *testing.T) {
		w := newEmptyWorld(t)
		stack := []string{"--mode", "oidc", "--name", "dexco", "--region", w.info.Region, "--endpoint-url", w.sb.URL, "--aws-profile", "admin"}
		apply := append(append([]string{"admin", "apply"}, stack...), "--issuer", dex.issuer, "--client-id", dexClientID,
			"--client-secret-stdin", "--yes", "--write-profile", "dex")
		applied := w.must(w.runStdin(dexClientSecret+"\n", apply...), "admin apply")
		if !strings.Contains(applied.stderr, "does not list the claim https://aws.amazon.com/tags") || !strings.Contains(applied.stderr, "--mode idc") {
			t.Fatalf("apply for Dex, which cannot send the tags claim, did not warn:\n%s", applied.stderr)
		}

		w.loginAtDex(dex.browser(dexAlice), "dex")
		who := w.whoamiJSON("dex")
		if who["issuer"] != dex.issuer || who["email"] != dexAlice || who["subject"] == "" {
			t.Fatalf("whoami = %v, want alice's identity from %s", who, dex.issuer)
		}
		// STS verified Dex's token with Dex's keys and named the session
		// after alice; the token carried no tags claim, so no Email tag.
		sessions := w.sb.Ledger.Entries(func(e ledger.Entry) bool {
			p := e.Principal
			return e.Operation == "AssumeRoleWithWebIdentity" && e.Status == 200 && p != nil && p.Issuer == dex.issuer &&
				p.Subject == who["subject"] && p.SessionName == dexAlice
		})
		if len(sessions) == 0 {
			t.Fatalf("no AWS session for %s from %s in the ledger", dexAlice, dex.issuer)
		}
		if tag := sessions[0].Principal.Email; tag != "" {
			t.Fatalf("session Email tag %q from a Dex token, which has no https://aws.amazon.com/tags claim", tag)
		}

		r := w.run(nil, "chat", "--profile", "dex", "-m", "Hello, who am I?")
		if r.code == 0 || !strings.Contains(r.stderr, "User is not authorized for this service call") ||
			!strings.Contains(r.stderr, `hint: Q Business knows a user by the Email session tag, and this sign-in set none: the ID token must carry the claim https://aws.amazon.com/tags`) {
			t.Fatalf("chat without the Email session tag: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
		}
		refused := w.sb.Ledger.Entries(func(e ledger.Entry) bool {
			return e.Operation == "ChatSync" || e.Operation == "Chat"
		})
		if len(refused) == 0 {
			t.Fatal("no chat call reached Q Business")
		}
		for _, e := range refused {
			if e.Status == 200 || !strings.HasSuffix(e.CallerARN, "/"+dexAlice) {
				t.Errorf("chat call %s by %s: status %d, want refused for %s", e.Operation, e.CallerARN, e.Status, dexAlice)
			}
		}
		w.must(w.runStdin("", append(append([]string{"admin", "destroy"}, stack...), "--yes")...), "admin destroy")
	})
	t.Run("idc", func(t *testing.T) {
		w := newEmptyWorld(t)
		stack := []string{"--mode", "idc", "--name", "dexco", "--region", w.info.Region, "--endpoint-url", w.sb.URL, "--aws-profile", "admin"}
		apply := append(append([]string{"admin", "apply"}, stack...), "--issuer", dex.issuer, "--client-id", dexClientID,
			"--client-secret-stdin", "--yes", "--write-profile", "dex-idc")
		w.must(w.runStdin(dexClientSecret+"\n", apply...), "admin apply")

		w.loginAtDex(dex.browser(dexMary), "dex-idc")
		who := w.whoamiJSON("dex-idc")
		idcUser, _ := who["idc_user_id"].(string)
		if who["issuer"] != dex.issuer || who["email"] != dexMary || idcUser == "" {
			t.Fatalf("whoami = %v, want mary's identity from %s mapped to Identity Center", who, dex.issuer)
		}
		r := w.must(w.run(nil, "chat", "--profile", "dex-idc", "-m", "Hello, who am I?"), "chat")
		if strings.TrimSpace(r.stdout) == "" {
			t.Fatal("chat printed no answer")
		}
		want := "idc:" + idcUser
		asUser := w.sb.Ledger.Count(func(e ledger.Entry) bool {
			return (e.Operation == "ChatSync" || e.Operation == "Chat") && e.Status == 200 && e.Identity == want
		})
		if asUser == 0 {
			t.Fatalf("no successful chat as %s (%s) in the ledger", dexMary, want)
		}
		w.must(w.runStdin("", append(append([]string{"admin", "destroy"}, stack...), "--yes")...), "admin destroy")
	})
}

// whoamiJSON is qbiz whoami --json of profile.
func (w *world) whoamiJSON(profile string) map[string]any {
	w.t.Helper()
	var who map[string]any
	out := w.must(w.run(nil, "whoami", "--profile", profile, "--json"), "whoami").stdout
	if err := json.Unmarshal([]byte(out), &who); err != nil {
		w.t.Fatalf("whoami --json: %v\n%s", err, out)
	}
	return who
}

// dexBinary finds the Dex binary, or skips (fails under QBIZ_REQUIRE_DEX=1).
func dexBinary(t *testing.T) string {
	t.Helper()
	path := os.Getenv("QBIZ_DEX")
	if path == "" {
		dir := os.Getenv("QBIZ_DEX_DIR")
		if dir == "" {
			home, _ := os.UserHomeDir()
			dir = filepath.Join(home, ".cache", "qbiz", "dex-v2.45.1")
		}
		path = filepath.Join(dir, "dex")
	}
	if fi, err := os.Stat(path); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		msg := fmt.Sprintf("no Dex binary at %s: build it with scripts/dex.sh, or set QBIZ_DEX to one", path)
		if os.Getenv("QBIZ_REQUIRE_DEX") == "1" {
			t.Fatal(msg + " (QBIZ_REQUIRE_DEX=1)")
		}
		t.Skip(msg)
	}
	return path
}

// dexIdP is a running Dex.
type dexIdP struct {
	issuer string
}

// startDex runs Dex on a free loopback port with in-memory storage, the
// local password database (alice and mary) and one client, plus extra
// static clients. The client is public with no registered redirect URI,
// which is how Dex accepts a loopback redirect on any port (RFC 8252
// §7.3); Dex still demands its secret at the token endpoint.
func startDex(t *testing.T, extra ...map[string]any) *dexIdP {
	t.Helper()
	bin := dexBinary(t)
	addr := freeLoopbackAddr(t)
	issuer := "http://" + addr + "/dex"
	user := func(email, name, id string) map[string]any {
		return map[string]any{"email": email, "hash": dexPasswordHash, "username": name, "userID": id}
	}
	cfg := map[string]any{
		"issuer":  issuer,
		"storage": map[string]any{"type": "memory"},
		"web":     map[string]any{"http": addr},
		"logger":  map[string]any{"level": "info", "format": "text"},
		"oauth2":  map[string]any{"skipApprovalScreen": true, "responseTypes": []string{"code"}},
		"expiry":  map[string]any{"idTokens": "1h"},
		"staticClients": append([]any{map[string]any{"id": dexClientID, "name": "qbiz CLI", "secret": dexClientSecret,
			"public": true}}, anys(extra)...),
		"enablePasswordDB": true,
		"staticPasswords": []any{
			user(dexAlice, "alice", "11111111-1111-1111-1111-111111111111"),
			user(dexMary, "mary", "22222222-2222-2222-2222-222222222222"),
		},
	}
	b, err := json.Marshal(cfg) // JSON is YAML, which Dex reads
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dex.yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	cmd := exec.Command(bin, "serve", path)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Dex: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
		if t.Failed() {
			t.Logf("Dex log:\n%s", log.String())
		}
	})
	waitDex(t, issuer, exited, log)
	return &dexIdP{issuer: issuer}
}

func anys(ms []map[string]any) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return out
}

// waitDex waits until Dex serves its discovery document.
func waitDex(t *testing.T, issuer string, exited <-chan struct{}, log *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, issuer+"/.well-known/openid-configuration", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-exited:
			t.Fatalf("Dex exited before serving:\n%s", log.String())
		case <-ctx.Done():
			t.Fatalf("Dex did not serve %s:\n%s", issuer, log.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// browser signs in at Dex as email with the static users' password.
func (d *dexIdP) browser(email string) *dexBrowser {
	jar, _ := cookiejar.New(nil)
	return &dexBrowser{client: &http.Client{Jar: jar, Timeout: 30 * time.Second}, login: email, password: dexPassword,
		err: make(chan error, 1)}
}

// dexBrowser plays a person at a browser on Dex: it opens the
// authorization URL, which Dex redirects to its password form, posts login
// and password there, and follows Dex's redirects to qbiz's loopback
// listener, which receives the code as from a real browser.
type dexBrowser struct {
	client          *http.Client
	login, password string
	err             chan error
}

func (b *dexBrowser) Open(authURL string) error {
	go func() { b.err <- b.signIn(authURL) }()
	return nil
}

// loginAtDex runs qbiz login --profile profile with b as the browser; a
// failure names what went wrong at the browser too.
func (w *world) loginAtDex(b *dexBrowser, profile string) {
	w.t.Helper()
	r := w.run(b, "login", "--profile", profile)
	if r.code == 0 {
		return
	}
	browser := "did not finish"
	select {
	case err := <-b.err:
		browser = fmt.Sprint(err)
	default:
	}
	w.t.Fatalf("login at Dex: exit %d (browser: %s)\nstdout: %s\nstderr: %s", r.code, browser, r.stdout, r.stderr)
}

var dexFormRE = regexp.MustCompile(`(?is)<form\b[^>]*\baction="([^"]*)"`)

func (b *dexBrowser) signIn(authURL string) error {
	page, at, err := b.get(authURL)
	if err != nil {
		return err
	}
	m := dexFormRE.FindStringSubmatch(page)
	if m == nil {
		return errors.New("dex: no login form")
	}
	action, err := at.Parse(html.UnescapeString(m[1]))
	if err != nil {
		return err
	}
	resp, err := b.client.PostForm(action.String(), url.Values{"login": {b.login}, "password": {b.password}})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Host == action.Host {
		return fmt.Errorf("dex: sign-in ended at %s with %s", resp.Request.URL.Redacted(), resp.Status)
	}
	return nil
}

func (b *dexBrowser) get(u string) (string, *url.URL, error) {
	resp, err := b.client.Get(u)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return string(body), resp.Request.URL, err
}
