package cli

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

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
		Long: `Runs COMMAND with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
AWS_REGION set in its environment only (never in its arguments). AWS_PROFILE and any ambient
AWS credential variables are removed, so the command cannot fall back to other credentials.
qbiz exits with the command's exit status.`,
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

// strippedVars are removed from the child's environment: a profile or
// ambient credentials would compete with the ones qbiz sets.
var strippedVars = map[string]bool{
	"AWS_PROFILE": true, "AWS_DEFAULT_PROFILE": true, "AWS_ACCESS_KEY_ID": true, "AWS_ACCESS_KEY": true,
	"AWS_SECRET_ACCESS_KEY": true, "AWS_SECRET_KEY": true, "AWS_SESSION_TOKEN": true, "AWS_SECURITY_TOKEN": true,
	"AWS_CREDENTIAL_EXPIRATION": true, "AWS_WEB_IDENTITY_TOKEN_FILE": true, "AWS_ROLE_ARN": true,
	"AWS_ROLE_SESSION_NAME": true, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": true,
	"AWS_CONTAINER_CREDENTIALS_FULL_URI": true, "AWS_CONTAINER_AUTHORIZATION_TOKEN": true,
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": true, "AWS_REGION": true, "AWS_DEFAULT_REGION": true,
	"AWS_ENDPOINT_URL": true, "AWS_EC2_METADATA_DISABLED": true, "QBIZ_KEYRING_PASSWORD": true,
}

// childEnv is parent without strippedVars, plus set; metadata-service
// credentials are disabled too.
func childEnv(parent []string, set []envVar) []string {
	out := make([]string, 0, len(parent)+len(set)+1)
	for _, kv := range parent {
		name, _, _ := strings.Cut(kv, "=")
		if !strippedVars[strings.ToUpper(name)] {
			out = append(out, kv)
		}
	}
	for _, v := range set {
		out = append(out, v.name+"="+v.value)
	}
	return append(out, "AWS_EC2_METADATA_DISABLED=true")
}
