package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway"
	"github.com/qbiz/qbiz/internal/httpclient"
	"github.com/qbiz/qbiz/internal/logging"
)

// DrainTimeout bounds how long a stopping gateway waits for requests in
// flight (chat streams) before it cuts them.
const DrainTimeout = 30 * time.Second

// Options are what Run is given by the command line.
type Options struct {
	// Config is the gateway's configuration, flags applied, not yet
	// validated; with Sandbox its identity providers are the sandbox's.
	Config config.Gateway
	// Sandbox starts an embedded sandbox at SandboxAddr and signs in with
	// its identity providers.
	Sandbox     bool
	SandboxAddr string
	// SandboxURL signs in with the identity providers of the sandbox
	// already running there (replicas sharing one sandbox).
	SandboxURL string
	// Network holds the trusted roots (AWS_CA_BUNDLE) of the transport.
	Network httpclient.Options
	// Stdout gets the sandbox's users and the listening line.
	Stdout io.Writer
	Logger *slog.Logger
	// ProfileAddr, when set (from QBIZ_PPROF_ADDR), serves the Go
	// profiler on that loopback address, apart from the gateway.
	ProfileAddr string
}

// Sandbox is the embedded sandbox --sandbox runs on (the gateway's
// sandboxwiring, which cmd/qbiz passes in: the gateway itself never
// reaches the sandbox).
type Sandbox interface {
	// Configure gives cfg the sandbox's identity providers.
	Configure(cfg config.Gateway) (config.Gateway, error)
	// AppCredentials are the Identity Center application's credentials.
	AppCredentials() aws.CredentialsProvider
	// Describe prints where the sandbox is and who can sign in.
	Describe(w io.Writer)
	Close() error
}

// SandboxAt says which sandbox to sign in with: one started in this
// process at Addr, or, when URL is set, the one running there.
type SandboxAt struct {
	Addr string
	URL  string
}

// StartSandbox starts the embedded sandbox, or attaches to a running one.
type StartSandbox func(ctx context.Context, at SandboxAt, log *slog.Logger) (Sandbox, error)

// Run serves the gateway until ctx ends, then drains it. It returns nil
// after a clean stop, and an error a person can act on when the gateway
// cannot start. start is used only with o.Sandbox or o.SandboxURL.
func Run(ctx context.Context, o Options, start StartSandbox) error {
	if o.Logger == nil {
		o.Logger = logging.Discard()
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	cfg := o.Config
	var sb Sandbox
	if o.Sandbox || o.SandboxURL != "" {
		var err error
		if sb, cfg, err = startSandbox(ctx, o, start); err != nil {
			return err
		}
		defer sb.Close()
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	return serveOn(ctx, o, cfg.WithAddr(ln.Addr().String()), sb, ln)
}

// startSandbox starts the embedded sandbox and gives the configuration
// its identity providers.
func startSandbox(ctx context.Context, o Options, start StartSandbox) (Sandbox, config.Gateway, error) {
	if start == nil {
		return nil, config.Gateway{}, errors.New("--sandbox: this build has no embedded sandbox")
	}
	sb, err := start(ctx, SandboxAt{Addr: o.SandboxAddr, URL: o.SandboxURL}, o.Logger.With("component", "sandbox"))
	if err != nil {
		return nil, config.Gateway{}, err
	}
	cfg, err := sb.Configure(o.Config)
	if err != nil {
		_ = sb.Close()
		return nil, config.Gateway{}, err
	}
	sb.Describe(o.Stdout)
	return sb, cfg, nil
}

// serveOn builds the gateway, serves it on ln, says it listens once it
// is ready, and drains it when ctx ends.
func serveOn(ctx context.Context, o Options, cfg config.Gateway, sb Sandbox, ln net.Listener) error {
	log := o.Logger
	if o.ProfileAddr != "" {
		stop, err := startProfiler(o.ProfileAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	deps, release, err := buildDeps(ctx, o, cfg, sb, log)
	if err != nil {
		return err
	}
	defer release()
	gw, err := gateway.New(ctx, cfg, deps)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: gw.Handler(), ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	gateway.Harden(hs)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	if err := waitReady(ctx, gw, served, log); err != nil {
		_ = hs.Close()
		return err
	}
	if ctx.Err() == nil {
		fmt.Fprintf(o.Stdout, "qbiz serve: listening on %s\n", listening(cfg, ln.Addr().String()))
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	drain(hs, log)
	return nil
}

// waitReady polls Ready until the store and every IdP answer (an IdP
// down or misconfigured is logged and retried), ctx ends, or the server
// fails.
func waitReady(ctx context.Context, gw *gateway.Server, served <-chan error, log *slog.Logger) error {
	delay := 500 * time.Millisecond
	for {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := gw.Ready(rctx)
		cancel()
		if err == nil || ctx.Err() != nil {
			return nil
		}
		log.Warn("qbiz serve: not ready yet; retrying", "err", err, "retry_in", delay)
		select {
		case err := <-served:
			return fmt.Errorf("serve: %w", err)
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(2*delay, 30*time.Second)
	}
}

// drain stops accepting, lets requests in flight (chat streams) finish
// for up to DrainTimeout, then cuts the rest.
func drain(hs *http.Server, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), DrainTimeout)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		log.Warn("qbiz serve: requests still running after the drain; closing them", "after", DrainTimeout)
		_ = hs.Close()
	}
}

// listening is the listening line's text: the address this process
// listens on, then the public URL when browsers use another (a load
// balancer's in front of replicas), then the identity providers.
func listening(cfg config.Gateway, addr string) string {
	local := "http://" + addr
	if cfg.PublicURL == local {
		return fmt.Sprintf("%s (%s)", local, idpSummary(cfg))
	}
	return fmt.Sprintf("%s (public URL %s; %s)", local, cfg.PublicURL, idpSummary(cfg))
}

func idpSummary(cfg config.Gateway) string {
	names := make([]string, len(cfg.IdPs))
	for i, p := range cfg.IdPs {
		names[i] = p.Name
	}
	noun := "identity providers"
	if len(names) == 1 {
		noun = "identity provider"
	}
	return fmt.Sprintf("%d %s: %s", len(names), noun, strings.Join(names, ", "))
}
