package cli

import (
	"context"
	"errors"
	"fmt"

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
// rendered here, once: "qbiz: <message>" on stderr.
func Main(ctx context.Context, args []string, env Env) int {
	root := newRoot(env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var child interface{ ExitCode() int }
	if errors.As(err, &child) {
		return child.ExitCode() // a command run by qbiz exec: its status, silently
	}
	fmt.Fprintf(env.Stderr, "qbiz: %s\n", err)
	var u usageError
	if errors.As(err, &u) {
		return ExitUsage
	}
	return ExitError
}

func newRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:           "qbiz",
		Short:         "Identity-aware access to Amazon Q Business with your own sign-in",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
	}
	root.AddCommand(newSandboxCmd(env), newDemoCmd(env), newConfigureCmd(env), newLoginCmd(env), newCredentialsCmd(env), newEnvCmd(env), newExecCmd(env), newWhoamiCmd(env), newLogoutCmd(env), newChatCmd(env), newConversationsCmd(env), newFeedbackCmd(env))
	return root
}
