package cli

import (
	"context"
	"errors"
	"fmt"
	"os/exec"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/credserver"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// exitCode is a child's exit status that qbiz exits with, silently.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("command exited with status %d", int(c)) }

// ExitCode is what Main returns for this error.
func (c exitCode) ExitCode() int { return int(c) }

func newExecCmd(env Env) *cobra.Command {
	var f commonFlags
	var server bool
	var scopeFlag string
	cmd := &cobra.Command{
		Use:   "exec [flags] -- COMMAND [ARGS...]",
		Short: "Run a command with the profile's AWS credentials in its environment",
		Long: `Runs COMMAND with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_REGION and AWS_DEFAULT_REGION set in its environment only (never in its arguments), and
AWS_ENDPOINT_URL when the profile has endpoint_url. AWS_PROFILE, AWS_DEFAULT_PROFILE and every
variable through which an SDK would take other credentials or another endpoint (container and
web identity credentials, AWS_ENDPOINT_URL_<SERVICE>…) are removed, so the command uses the
profile's credentials, region and endpoint only. qbiz exits with the command's exit status.

With --server the command gets no keys: qbiz serves the credentials on 127.0.0.1 for as
long as it runs (AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN,
a random token for this run) and renews them through the sign-in, so a command that runs
for hours never holds expired ones.

With --scope (or the profile's qbiz_session_policy) the credentials carry a session
policy: a named scope (qbusiness:read, qbusiness:chat, qbusiness:user) limited to the
profile's application, or an inline JSON policy. The command's name is recorded in the
role session name (EMAIL+COMMAND), so CloudTrail shows which tool acted for whom.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a := newApp(env, f)
			p, e, ss, err := a.scopedCredentials(cmd.Context(), scopeFlag, args[0])
			if err != nil {
				return explain(a.profile, err)
			}
			if server {
				return a.execWithServer(cmd.Context(), p, e, ss, args)
			}
			return runChild(a.child(cmd.Context(), args, credentialVars(p, e.AWS)))
		},
	}
	cmd.Flags().SetInterspersed(false)
	f.register(cmd)
	cmd.Flags().BoolVar(&server, "server", false, "serve the credentials to the command from a loopback endpoint that renews them")
	cmd.Flags().StringVar(&scopeFlag, "scope", "", scopeUsage)
	return cmd
}

// child is the command args with set in its environment.
func (a *app) child(ctx context.Context, args []string, set []envVar) *exec.Cmd {
	c := exec.CommandContext(ctx, args[0], args[1:]...)
	c.Stdin, c.Stdout, c.Stderr = a.env.Stdin, a.env.Stdout, a.env.Stderr
	c.Env = childEnv(environ(a.env), set)
	return c
}

// execWithServer runs the command against a credential endpoint that
// lives as long as it does.
func (a *app) execWithServer(ctx context.Context, p config.Profile, e tokencache.Entry, ss *scopedSession, args []string) error {
	l, srv, err := a.credentialServer(ss, e, credserver.DefaultAddr)
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- credserver.Serve(ctx, l, srv) }()
	err = runChild(a.child(ctx, args, serverVars(p, credserver.URL(l), srv.Token())))
	stop()
	<-served
	return err
}

func environ(env Env) []string {
	if env.Environ == nil {
		return nil
	}
	return env.Environ()
}

func runChild(c *exec.Cmd) error {
	err := c.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if code := ee.ExitCode(); code > 0 {
			return exitCode(code)
		}
		return exitCode(1)
	}
	if err != nil {
		return fmt.Errorf("run %s: %w", c.Path, err)
	}
	return nil
}
