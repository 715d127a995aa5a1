package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/httpclient"
	"github.com/qbiz/qbiz/internal/logging"
)

// defaultSandboxAddr picks a free loopback port for --sandbox.
const defaultSandboxAddr = "127.0.0.1:0"

// serveFlags are qbiz serve's flags; each set one overrides the
// environment and the config file.
type serveFlags struct {
	configPath, addr, publicURL, redis, sessionKeyFile string
	sandbox                                            bool
	sandboxAddr, sandboxURL, logFormat                 string
	verbose                                            bool
}

func newServeCmd(env Env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web gateway: sign-in at your IdP and a chat UI and API for Amazon Q Business",
		Long: `Serves a web chat UI and a JSON+SSE API for Amazon Q Business. People sign in with one of
the configured identity providers (OIDC, SAML or IAM Identity Center); their tokens and AWS
credentials stay on the server, encrypted, in a server-side session.

Settings come from flags, then the environment (QBIZ_SERVE_*, and the AWS samples' variable
names for one identity provider), then --config FILE (YAML), then defaults.
--sandbox starts an embedded sandbox and configures the gateway for it; --sandbox-url URL
configures it for a sandbox already running (qbiz sandbox), which replicas can share.`,
		Example: `  qbiz serve --sandbox                      # then open http://127.0.0.1:8000
  qbiz serve --config gateway.yaml
  qbiz serve --config gateway.yaml --redis redis://redis:6379/0 --session-key-file /etc/qbiz/session.key`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.check(cmd); err != nil {
				return usageError{err}
			}
			return runServe(cmd.Context(), env, cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.configPath, "config", "", "YAML configuration file")
	fl.StringVar(&f.addr, "addr", config.DefaultGatewayAddr, "listen address (port 0 picks a free port)")
	fl.StringVar(&f.publicURL, "public-url", "", "the origin browsers use, e.g. https://chat.example.com (default http://ADDR)")
	fl.StringVar(&f.redis, "redis", "", "keep sessions in Redis at this redis:// URL (default: in memory, one instance)")
	fl.StringVar(&f.sessionKeyFile, "session-key-file", "", "32 random bytes (raw or base64, mode 0600) sealing sessions; replicas share it")
	fl.BoolVar(&f.sandbox, "sandbox", false, "start an embedded sandbox and sign in with its identity providers")
	fl.StringVar(&f.sandboxAddr, "sandbox-addr", defaultSandboxAddr, "the embedded sandbox's listen address (with --sandbox)")
	fl.StringVar(&f.sandboxURL, "sandbox-url", "", "sign in with the identity providers of the sandbox running at this URL (replicas share one)")
	fl.StringVar(&f.logFormat, "log-format", "text", "log format on stderr: text or json")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log debug details (secrets are redacted)")
	return cmd
}

func (f serveFlags) check(cmd *cobra.Command) error {
	if f.logFormat != "text" && f.logFormat != "json" {
		return fmt.Errorf("--log-format %q: want text or json", f.logFormat)
	}
	if cmd.Flags().Changed("sandbox-addr") && !f.sandbox {
		return errors.New("--sandbox-addr needs --sandbox")
	}
	if f.sandbox && f.sandboxURL != "" {
		return errors.New("--sandbox starts a sandbox, --sandbox-url uses a running one: give one of them")
	}
	return nil
}

// sandboxFlag names the sandbox flag given, if any.
func (f serveFlags) sandboxFlag() string {
	switch {
	case f.sandbox:
		return "--sandbox"
	case f.sandboxURL != "":
		return "--sandbox-url"
	}
	return ""
}

// apply lays the flags that were given over cfg.
func (f serveFlags) apply(cmd *cobra.Command, cfg config.Gateway) config.Gateway {
	changed := cmd.Flags().Changed
	if changed("addr") { // first: a default public URL follows it, --public-url does not
		cfg = cfg.WithAddr(f.addr)
	}
	if changed("public-url") {
		cfg.PublicURL = f.publicURL
	}
	if changed("redis") {
		cfg.Redis = f.redis
	}
	if changed("session-key-file") {
		cfg.SessionKeyFile = f.sessionKeyFile
	}
	return cfg
}

// ServeRequest is what qbiz serve hands the gateway (cmd/qbiz joins
// Env.Serve to it; the command line never imports the gateway). Its
// fields are those of the gateway's serve.Options.
type ServeRequest struct {
	Config      config.Gateway
	Sandbox     bool
	SandboxAddr string
	SandboxURL  string
	Network     httpclient.Options
	Stdout      io.Writer
	Logger      *slog.Logger
	ProfileAddr string // QBIZ_PPROF_ADDR: the Go profiler's loopback address
}

// ServeFunc runs the gateway until ctx ends.
type ServeFunc func(ctx context.Context, r ServeRequest) error

func runServe(ctx context.Context, env Env, cmd *cobra.Command, f serveFlags) error {
	if env.Serve == nil {
		return errors.New("this qbiz was built without the web gateway")
	}
	cfg, err := config.LoadGateway(f.configPath, config.EnvFunc(envGetter(env)))
	if err != nil {
		return withHint(err, "the README's Web gateway section shows a configuration file")
	}
	if sb := f.sandboxFlag(); sb != "" && f.configPath != "" && len(cfg.IdPs) > 0 {
		return usageError{fmt.Errorf("%s brings its own identity providers: remove identity_providers from %s, or leave out %s", sb, f.configPath, sb)}
	}
	return env.Serve(ctx, ServeRequest{Config: f.apply(cmd, cfg), Sandbox: f.sandbox, SandboxAddr: f.sandboxAddr, SandboxURL: f.sandboxURL,
		Network: env.network().opts(), Stdout: env.Stdout, Logger: logging.New(env.Stderr, f.verbose, f.logFormat == "json"),
		ProfileAddr: envGetter(env)("QBIZ_PPROF_ADDR")})
}

func envGetter(env Env) func(string) string {
	if env.Getenv == nil {
		return func(string) string { return "" }
	}
	return env.Getenv
}
