package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// TestReadyWhenAnswering queries the sandbox from the first moment its port
// accepts a connection: every answer is either 503 with Retry-After or
// comes from the fully built world, never a world still being provisioned.
func TestReadyWhenAnswering(t *testing.T) {
	addr := freeAddr(t)
	started := make(chan error, 1)
	var sb *sandbox.Sandbox
	go func() {
		var err error
		sb, err = sandbox.Start(context.Background(), sandbox.Options{Addr: addr})
		started <- err
	}()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	unready := 0
	for {
		info, ok := probe(t, hc, "http://"+addr+"/sandbox/info", started)
		cfg, cfgOK := probe(t, hc, "http://"+addr+"/sandbox/aws-config", started)
		if !ok || !cfgOK {
			unready++
			continue
		}
		checkBuilt(t, info, cfg)
		break
	}
	if err := <-started; err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	t.Logf("%d probes before the world was ready", unready)
}

// probe GETs u; ok is false while the port is closed or answers 503 (which
// must carry Retry-After). Any other status must be 200.
func probe(t *testing.T, hc *http.Client, u string, started chan error) (body string, ok bool) {
	t.Helper()
	resp, err := hc.Get(u)
	if errors.Is(err, syscall.ECONNREFUSED) {
		failIfStartFailed(t, started)
		time.Sleep(time.Millisecond)
		return "", false
	}
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	switch resp.StatusCode {
	case http.StatusServiceUnavailable:
		if resp.Header.Get("Retry-After") == "" {
			t.Fatalf("GET %s: 503 without Retry-After", u)
		}
		return "", false
	case http.StatusOK:
		return string(b), true
	}
	t.Fatalf("GET %s while starting: %s %s", u, resp.Status, b)
	return "", false
}

func failIfStartFailed(t *testing.T, started chan error) {
	t.Helper()
	select {
	case err := <-started:
		started <- err
		if err != nil {
			t.Fatalf("start sandbox: %v", err)
		}
	default:
	}
}

func checkBuilt(t *testing.T, infoJSON, cfg string) {
	t.Helper()
	var info sandbox.Info
	if err := json.Unmarshal([]byte(infoJSON), &info); err != nil {
		t.Fatalf("first /sandbox/info: %v", err)
	}
	if len(info.Applications) != 3 {
		t.Errorf("first /sandbox/info answered with %d applications, want the 3 of the built world", len(info.Applications))
	}
	for _, mode := range []string{"oidc", "saml", "idc"} {
		if !strings.Contains(cfg, "[profile qbiz-sandbox-"+mode+"]") {
			t.Errorf("first /sandbox/aws-config lacks the %s profile:\n%s", mode, cfg)
		}
	}
}
