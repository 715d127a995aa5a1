package e2e_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/cli"
	"github.com/qbiz/qbiz/internal/demo"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// newTLSWorld is newWorld with a sandbox serving HTTPS with its own CA,
// named to qbiz only as AWS_CA_BUNDLE.
func newTLSWorld(t *testing.T) *world {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", TLS: true, CAFile: ca})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	w := newWorld(t) // the home directory and variables; its own sandbox is not used
	w.sb, w.info = sb, sb.Info()
	w.vars["AWS_CA_BUNDLE"] = ca
	t.Setenv("AWS_CA_BUNDLE", ca) // for the credential_process qbiz runs for the Identity Center source profile
	return w
}

// runOwnClient runs qbiz in-process with no injected HTTP client, so it
// builds its own, as the binary does.
func (w *world) runOwnClient(opener cli.Opener, args ...string) result {
	var out, errb bytes.Buffer
	vars := w.vars
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return vars[k] }, Environ: func() []string { return environ(vars) },
		IsTerminal: func() bool { return false }, Opener: opener,
		Executable: func() (string, error) { return qbizBin, nil },
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	code := cli.Main(ctx, args, env)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// TestCABundleTrustedByEveryClient: against a sandbox serving HTTPS with
// its own CA, qbiz with AWS_CA_BUNDLE (the system roots, and so any
// SSL_CERT_FILE, lack that CA) reads the
// sandbox, signs in at its IdP in each mode, exchanges at STS and
// Identity Center, and chats over HTTP/2.
func TestCABundleTrustedByEveryClient(t *testing.T) {
	w := newTLSWorld(t)
	w.must(w.runOwnClient(nil, "configure", "--from-sandbox", w.sb.URL), "configure --from-sandbox")
	for _, mode := range []string{"oidc", "saml", "idc"} {
		t.Run(mode, func(t *testing.T) {
			profile := "qbiz-sandbox-" + mode
			u := w.user("mary_major@example.com")
			browser := demo.NewBrowser(w.sb.HTTPClient(), u.Username, u.Password)
			w.with(t).must(w.runOwnClient(browser, "login", "--profile", profile), "login")
			p := parseProcess(t, w.with(t).must(w.runOwnClient(nil, "credentials", "--profile", profile), "credentials").stdout)
			if !strings.HasPrefix(p.AccessKeyId, "ASIA") {
				t.Errorf("credentials: key %q", p.AccessKeyId)
			}
			r := w.with(t).must(w.runOwnClient(nil, "chat", "--profile", profile, "-m", "When does the ACME project launch?"), "chat")
			if !strings.Contains(r.stdout, "Sources:") {
				t.Errorf("chat: %q", r.stdout)
			}
		})
	}
}

// TestCABundleUnreadable: a CA bundle that cannot be read stops every
// command that would use it, naming the variable, and nothing else.
func TestCABundleUnreadable(t *testing.T) {
	w := newWorld(t)
	w.vars["AWS_CA_BUNDLE"] = filepath.Join(w.home, "missing.pem")
	r := w.runOwnClient(nil, "configure", "--from-sandbox", w.sb.URL)
	if r.code != 1 || !strings.Contains(r.stderr, "AWS_CA_BUNDLE") || !strings.Contains(r.stderr, "missing.pem") {
		t.Errorf("configure: exit %d, stderr %q; want the unreadable AWS_CA_BUNDLE named", r.code, r.stderr)
	}
	if r := w.runOwnClient(nil, "version"); r.code != 0 {
		t.Errorf("version: exit %d, stderr %q", r.code, r.stderr)
	}
}
