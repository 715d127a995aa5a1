package e2e_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// TestRenewalAfterSandboxRestart: qbiz signs in with OIDC and with
// Identity Center at a sandbox started with a state file; the sandbox
// stops and starts again from it; the next `qbiz credentials` of each
// profile renews through the refresh token issued before the restart, as
// it would against a real IdP and AWS, which do not forget live sessions.
func TestRenewalAfterSandboxRestart(t *testing.T) {
	w := newWorld(t)
	opts := sandbox.Options{Addr: freeLoopbackAddr(t), StatePath: filepath.Join(t.TempDir(), "world.json")}
	w.restartAt(opts)
	w.configure()
	w.controlPost("/sandbox/faults", shortLived, http.StatusOK)
	profiles := []string{"qbiz-sandbox-oidc", "qbiz-sandbox-idc"}
	for _, p := range profiles {
		w.login(p, "mary_major@example.com")
	}
	before := w.idcGrants("refresh_token")
	w.restartAt(opts)
	for _, p := range profiles {
		r := w.run(failOpener{t}, "credentials", "--profile", p)
		parseProcess(t, w.must(r, "credentials after the sandbox restarted").stdout)
	}
	if got := w.idcGrants("refresh_token"); got != before+1 {
		t.Errorf("%d Identity Center refresh grants in the ledger, want the %d from before the restart and one after", got, before)
	}
}

// restartAt closes w's sandbox (saving its world when it has a state file)
// and starts one with opts in its place.
func (w *world) restartAt(opts sandbox.Options) {
	w.t.Helper()
	if err := w.sb.Close(); err != nil {
		w.t.Fatalf("stop sandbox: %v", err)
	}
	sb, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		w.t.Fatalf("start sandbox: %v", err)
	}
	w.t.Cleanup(func() { _ = sb.Close() })
	w.sb, w.info = sb, sb.Info()
}

// freeLoopbackAddr returns a loopback address nothing listens on now.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
