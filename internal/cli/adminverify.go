package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/qchat"
)

func newAdminVerifyCmd(env Env) *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Sign in with a profile and chat once as that user, naming the step that fails",
		Long: `Runs what a user of the profile does: a real sign-in (browser, or the device code flow with
--device), the exchange for AWS credentials, and one ChatSync as that user (whose conversation is
then deleted). A failure names its step — sign-in (IdP, trust policy, audience, tag claim, Identity
Center assignment) or chat (permissions, subscription, application) — with advice.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return newApp(env, f.commonFlags).adminVerify(cmd.Context(), f)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.device, "device", false, "use the device code flow (sign in on another device)")
	cmd.Flags().BoolVar(&f.noBrowser, "no-browser", false, "print the sign-in URL instead of opening a browser")
	return cmd
}

func (a *app) adminVerify(ctx context.Context, f loginFlags) error {
	if err := a.login(ctx, f); err != nil {
		return fmt.Errorf("verify %s: sign-in failed: %w", a.profile, explain(a.profile, err))
	}
	fmt.Fprintln(a.env.Stdout, "sign-in: ok")
	c, who, err := a.chatClient(ctx, func(s string) { fmt.Fprintln(a.env.Stderr, s) })
	if err != nil {
		return fmt.Errorf("verify %s: chat failed: %w", a.profile, explain(a.profile, err))
	}
	ans, err := c.Ask(ctx, qchat.Question{Text: "qbiz admin verify: please answer with one word."})
	if err != nil {
		return fmt.Errorf("verify %s: chat failed: %w", a.profile, chatFailure(a.profile, err))
	}
	if err := c.DeleteConversation(ctx, ans.ConversationID); err != nil {
		return fmt.Errorf("verify %s: delete the verification conversation: %w", a.profile, chatFailure(a.profile, err))
	}
	fmt.Fprintf(a.env.Stdout, "chat as %s: ok (application %s)\n", describeUser(who), c.ApplicationID())
	return nil
}
