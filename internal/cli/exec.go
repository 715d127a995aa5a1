package cli

import (
	"errors"
	"fmt"
	"os/exec"

	"github.com/spf13/cobra"
)

// exitCode is a child's exit status that qbiz exits with, silently.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("command exited with status %d", int(c)) }

// ExitCode is what Main returns for this error.
func (c exitCode) ExitCode() int { return int(c) }

func newExecCmd(env Env) *cobra.Command {
	var f commonFlags
	cmd := &cobra.Command{
		Use:   "exec [flags] -- COMMAND [ARGS...]",
		Short: "Run a command with the profile's AWS credentials in its environment",
		Long: `Runs COMMAND with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_REGION and AWS_DEFAULT_REGION set in its environment only (never in its arguments), and
AWS_ENDPOINT_URL when the profile has endpoint_url. AWS_PROFILE, AWS_DEFAULT_PROFILE and every
variable through which an SDK would take other credentials or another endpoint (container and
web identity credentials, AWS_ENDPOINT_URL_<SERVICE>…) are removed, so the command uses the
profile's credentials, region and endpoint only. qbiz exits with the command's exit status.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a := newApp(env, f)
			p, e, err := a.credentials(cmd.Context())
			if err != nil {
				return explain(a.profile, err)
			}
			c := exec.CommandContext(cmd.Context(), args[0], args[1:]...)
			c.Stdin, c.Stdout, c.Stderr = env.Stdin, env.Stdout, env.Stderr
			c.Env = childEnv(environ(env), credentialVars(p, e.AWS))
			return runChild(c)
		},
	}
	cmd.Flags().SetInterspersed(false)
	f.register(cmd)
	return cmd
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
