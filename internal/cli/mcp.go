package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/mcpserver"
	"github.com/qbiz/qbiz/internal/qchat"
)

func newMCPCmd(env Env) *cobra.Command {
	var f commonFlags
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve Amazon Q Business to AI assistants and IDEs over MCP (stdio), as the signed-in user",
		Long: "qbiz mcp is a Model Context Protocol server on stdin/stdout with the tools ask, search, " +
			"conversations and whoami, acting as the user signed in to the profile. It never opens a browser: " +
			"when a sign-in is needed, the tool result names the qbiz login to run.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env.IsTerminal = nil // stdin carries the protocol: never prompt on it
			a := newApp(env, f)
			return a.serveMCP(cmd.Context())
		},
	}
	f.register(cmd)
	return cmd
}

// serveMCP serves the profile's user over stdin and stdout until the
// client closes stdin.
func (a *app) serveMCP(ctx context.Context) error {
	s := mcpserver.New(mcpserver.Options{
		Version: buildVersion(),
		Open: func(ctx context.Context) (mcpserver.Chat, error) {
			call := *a // tool calls run concurrently; chatClient notes the mode on its app
			c, _, err := call.chatClient(ctx, func(msg string) { a.log.Info(msg) })
			if err != nil {
				return nil, err
			}
			return c, nil
		},
		WhoAmI:  func(context.Context) (mcpserver.Identity, error) { return a.mcpIdentity() },
		Explain: a.explainForAssistant,
		Logger:  a.log,
	})
	return s.Run(ctx, a.env.Stdin, a.env.Stdout)
}

// mcpIdentity is whoami's report of the cached sign-in, with the
// profile's application.
func (a *app) mcpIdentity() (mcpserver.Identity, error) {
	p, w, err := a.whoami()
	if err != nil {
		return mcpserver.Identity{}, err
	}
	return mcpserver.Identity{Profile: w.Profile, Email: w.Email, Subject: w.Subject, Issuer: w.Issuer, Groups: w.Groups,
		Mode: string(w.Mode), RoleARN: w.RoleARN, ApplicationID: p.ApplicationID, SignInDue: mcpserver.RFC3339(w.SignInDue),
		CredentialsExpire: mcpserver.RFC3339(w.CredentialsExpires), SilentlyRenewable: w.Refreshable}, nil
}

// explainForAssistant renders a tool failure as qbiz renders any error,
// scrubbed, with its advice (e.g. "run: qbiz login --profile P") after it.
func (a *app) explainForAssistant(err error) string {
	call := *a
	if errors.Is(err, qchat.ErrNoUser) { // the one advice that depends on the profile's mode
		if p, perr := a.loadProfile(); perr == nil {
			call.mode = p.Mode
		}
	}
	err = call.chatFailure(err)
	msg := logging.Scrub(err.Error())
	var h *hinted
	if errors.As(err, &h) && h.Hint() != "" {
		msg += "\nhint: " + h.Hint()
	}
	return msg
}
