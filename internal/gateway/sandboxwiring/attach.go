package sandboxwiring

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/sandbox"
)

// attachWithin bounds the wait for a sandbox that is starting (refusing
// connections, or answering 503 while it builds its world).
const attachWithin = 60 * time.Second

// attachRetry is the pause between two reads of a starting sandbox.
const attachRetry = 250 * time.Millisecond

// Attach configures the gateway for the sandbox already running at
// rawURL (qbiz sandbox --addr …), as replicas sharing one world do: it
// reads /sandbox/info, waiting while the sandbox starts, and lets the
// OIDC application's role trust the gateway's client. Closing it leaves
// the sandbox running.
func Attach(ctx context.Context, rawURL string, log *slog.Logger) (*Sandbox, error) {
	if log == nil {
		log = logging.Discard()
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("--sandbox-url %q: want the sandbox's http://HOST:PORT", rawURL)
	}
	base := u.Scheme + "://" + u.Host
	hc := &http.Client{Timeout: 30 * time.Second}
	info, err := readInfo(ctx, hc, base, log)
	if err != nil {
		return nil, err
	}
	s := &Sandbox{URL: base, info: info, hc: hc}
	if err := s.trustGatewayClient(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// readInfo reads base/sandbox/info, retrying while the sandbox starts.
func readInfo(ctx context.Context, hc *http.Client, base string, log *slog.Logger) (sandbox.Info, error) {
	ctx, cancel := context.WithTimeout(ctx, attachWithin)
	defer cancel()
	for {
		info, err := getInfo(ctx, hc, base)
		if err == nil {
			return info, nil
		}
		log.Debug("qbiz serve: waiting for the sandbox", "url", base, "err", err)
		select {
		case <-ctx.Done():
			return sandbox.Info{}, fmt.Errorf("sandbox at %s (is qbiz sandbox running there?): %w", base, err)
		case <-time.After(attachRetry):
		}
	}
}

func getInfo(ctx context.Context, hc *http.Client, base string) (sandbox.Info, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/sandbox/info", nil)
	if err != nil {
		return sandbox.Info{}, fmt.Errorf("read /sandbox/info: %w", err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return sandbox.Info{}, fmt.Errorf("read /sandbox/info: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return sandbox.Info{}, fmt.Errorf("read /sandbox/info: %s", resp.Status)
	}
	var info sandbox.Info
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		return sandbox.Info{}, fmt.Errorf("read /sandbox/info: %w", err)
	}
	if _, ok := info.App("oidc"); !ok {
		return sandbox.Info{}, fmt.Errorf("read /sandbox/info: no oidc application (start the sandbox with --scenario demo)")
	}
	return info, nil
}
