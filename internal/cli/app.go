package cli

import (
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// app is the composition root shared by the identity commands: it turns
// Env and the common flags into the logger, clock, HTTP client and stores
// the commands use. Nothing below it reads the process environment.
type app struct {
	env     Env
	log     *slog.Logger
	http    *http.Client
	now     func() time.Time
	profile string
	// mode is the profile's identity mode, once a session is open.
	mode identity.Mode
	// throttleWarnings repeats a sign-in warning at most once a
	// warnInterval (see warnSignInDue).
	throttleWarnings bool
}

// commonFlags are the flags every identity command takes.
type commonFlags struct {
	profile string
	verbose bool
}

func (f *commonFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&f.profile, "profile", "p", "", "profile name (default $AWS_PROFILE, else \"default\")")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "log details to stderr (secrets are redacted)")
}

// newApp resolves the common flags against env.
func newApp(env Env, f commonFlags) *app {
	a := &app{env: env, now: time.Now, profile: f.profile}
	if env.Now != nil {
		a.now = env.Now
	}
	a.http = a.idpHTTP()
	a.log = newRedactedLogger(env.Stderr, f.verbose)
	if a.profile == "" {
		a.profile = first(a.getenv("AWS_PROFILE"), "default")
	}
	return a
}

// newRedactedLogger logs warnings (debug with -v) to w through the
// redacting handler.
func newRedactedLogger(w io.Writer, verbose bool) *slog.Logger {
	if w == nil {
		return logging.Discard()
	}
	if !verbose {
		return slog.New(logging.NewRedactingHandler(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}
	return logging.New(w, true, false)
}

func (a *app) getenv(k string) string {
	if a.env.Getenv == nil {
		return ""
	}
	return a.env.Getenv(k)
}

// cfgEnv adapts Env to config.Env and tokencache.Env.
func (a *app) cfgEnv() config.EnvFunc { return config.EnvFunc(a.getenv) }

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
