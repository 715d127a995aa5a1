package e2e_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// qbiz serve --sandbox, the browser quick start, as the built binary: it
// says it listens once ready, serves the chooser with the three sandbox
// identity providers, and stops cleanly (exit 0) on SIGINT.
func TestServeBinarySandbox(t *testing.T) {
	cmd := exec.Command(qbizBin, "serve", "--sandbox", "--addr", "127.0.0.1:0")
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill() //nolint:errcheck // already exited when the test passes
	url := listeningURL(t, stdout)
	if url == "" {
		_ = cmd.Wait()
		t.Fatalf("no listening line\n%s", stderr.String())
	}
	go io.Copy(io.Discard, stdout) //nolint:errcheck
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, _ := httpGet(t, url+path); code != http.StatusOK {
			t.Errorf("GET %s = %d", path, code)
		}
	}
	code, body := httpGet(t, url+"/")
	for _, idp := range []string{"oidc", "saml", "idc"} {
		if code != http.StatusOK || !strings.Contains(body, "/login?idp="+idp) {
			t.Errorf("GET / = %d without the %s sign-in", code, idp)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGINT: %v (want exit 0)\n%s", err, stderr.String())
	}
}

// listeningURL reads stdout until the listening line and returns its URL.
func listeningURL(t *testing.T, r io.Reader) string {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "qbiz serve: listening on "); ok {
			return strings.Fields(u)[0]
		}
	}
	return ""
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeBinaryExitCodes(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	nobody := ln.Addr().String()
	ln.Close()
	key := t.TempDir() + "/session.key"
	if err := os.WriteFile(key, []byte(strings.Repeat("k", 32)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--no-such-flag"}, 2, "unknown flag"},
		{[]string{"serve", "--sandbox", "--addr", "127.0.0.1:0", "--redis", "redis://:hunter2@" + nobody + "/0", "--session-key-file", key}, 1,
			"qbiz: redis at " + nobody + " does not answer"},
	}
	for _, tt := range tests {
		cmd := exec.CommandContext(context.Background(), qbizBin, tt.args...)
		cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != tt.code || !strings.Contains(string(out), tt.want) {
			t.Errorf("qbiz %v: %v, want exit %d saying %q\n%s", tt.args, err, tt.code, tt.want, out)
		}
		if strings.Contains(string(out), "hunter2") {
			t.Errorf("qbiz %v shows the Redis password:\n%s", tt.args, out)
		}
	}
}
