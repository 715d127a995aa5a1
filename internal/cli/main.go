package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// usageError marks errors in how the command was invoked.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

// Main runs qbiz with args and returns the process exit code. Errors are
// rendered here, once: "qbiz: <message>" on stderr and at most one hint.
func Main(ctx context.Context, args []string, env Env) int {
	env.net = loadNetwork(env.Getenv)
	root := newRoot(env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	var child exitCode // not any ExitCode(): a failed credential_process's *exec.ExitError must be shown
	if errors.As(err, &child) {
		return child.ExitCode() // a command run by qbiz exec: its status, silently
	}
	render(env.Stderr, err, canTellMore(cmd))
	var u usageError
	if errors.As(err, &u) {
		return ExitUsage
	}
	return ExitError
}

func newRoot(env Env) *cobra.Command {
	version := buildVersion()
	root := &cobra.Command{
		Use:           "qbiz",
		Short:         "Identity-aware access to Amazon Q Business with your own sign-in",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.PersistentPreRunE = requireNetwork(env)
	root.AddCommand(newSandboxCmd(env), newAdminCmd(env), newDemoCmd(env), newConfigureCmd(env), newLoginCmd(env), newCredentialsCmd(env), newEnvCmd(env), newExecCmd(env), newServeCredentialsCmd(env), newWhoamiCmd(env), newDoctorCmd(env), newLogoutCmd(env), newChatCmd(env), newConversationsCmd(env), newFeedbackCmd(env), newServeCmd(env), newMCPCmd(env), newVersionCmd(env, version))
	strictArgs(root)
	return root
}

// strictArgs makes every argument error of the tree a usage error: a
// command group given an unknown subcommand says so (with the nearest
// name) instead of printing its help, and a command's own argument
// check exits 2.
func strictArgs(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		strictArgs(c)
	}
	if cmd.HasSubCommands() && !cmd.Runnable() {
		cmd.Args = unknownCommand
		cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		return
	}
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
}

// unknownCommand refuses any argument of a command group.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	err := fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())
	cmd.SuggestionsMinimumDistance = 2
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		err = fmt.Errorf("%w; did you mean %s?", err, strings.Join(s, " or "))
	}
	return usageError{withHint(err, "run: "+cmd.CommandPath()+" --help")}
}
