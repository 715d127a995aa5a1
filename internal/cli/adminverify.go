package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// verifyFlags are qbiz admin verify's: the user's sign-in, the
// administrator's credentials for diagnosis, and the output format.
type verifyFlags struct {
	loginFlags
	awsProfile string
	output     string
}

func newAdminVerifyCmd(env Env) *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Sign in with a profile and chat once as that user, diagnosing each hop that fails",
		Long: `Runs what a user of the profile does, one hop at a time: the identity provider's discovery
document (SAML: metadata), a real sign-in (browser, or the device code flow with --device), the
ID token's Email tag claim (oidc), Identity Center's token exchange (idc), the role, the
application's identity type, the user's subscription and one ChatSync as that user (whose
conversation is then deleted). Each hop prints "✓ hop" or "✗ hop: what is wrong — how to fix".
When a hop fails, the role's trust policy, the IAM OIDC provider, the application and the
Identity Center assignment configuration are read with administrator credentials (--aws-profile,
else the SDK's default chain) to say which condition refuses the user. The sign-in is kept, as
qbiz login keeps it. Exits 0 only when every hop passed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.output != "text" && f.output != "json" {
				return usageError{fmt.Errorf("unknown --output %q (want text or json)", f.output)}
			}
			return newApp(env, f.commonFlags).adminVerify(cmd.Context(), f)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.device, "device", false, "use the device code flow (sign in on another device)")
	cmd.Flags().BoolVar(&f.noBrowser, "no-browser", false, "print the sign-in URL instead of opening a browser")
	cmd.Flags().StringVar(&f.awsProfile, "aws-profile", "", "shared-config profile with administrator credentials to diagnose a failing hop (default: the SDK's default chain)")
	cmd.Flags().StringVar(&f.output, "output", "text", "text or json (for a support ticket; holds no secret)")
	return cmd
}

// errVerifyFailed marks a verification in which a hop failed.
var errVerifyFailed = errors.New("failed")

// adminVerify runs the hops of the profile's mode and prints one line
// each; the first failing hop is the command's error, with its fix as the
// hint.
func (a *app) adminVerify(ctx context.Context, f verifyFlags) error {
	p, err := a.loadProfile()
	if err != nil {
		return err
	}
	v := &verifier{a: a, p: p, f: f}
	return a.finishReport("verify", v.run(ctx), f.output)
}
