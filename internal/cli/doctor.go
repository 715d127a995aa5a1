package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/identity"
)

// doctorFlags are qbiz doctor's.
type doctorFlags struct {
	commonFlags
	asJSON     bool
	awsProfile string
}

func newDoctorCmd(env Env) *cobra.Command {
	var f doctorFlags
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check each hop from the profile to a Q Business answer and say how to fix the one that fails",
		Long: `Walks the chain a profile's credentials go through, one hop at a time, and prints
"✓ hop: detail", "! hop: warning — fix", "✗ hop: what is wrong — how to fix it" or "- hop: not run":
the profile's keys for its mode; the token cache (keyring reachable, passphrase right); the
identity provider's discovery document (SAML: metadata); the clock against the identity
provider's and AWS's Date headers (a warning over a minute, a failure over five); the signing
keys (JWKS; SAML: the signing certificate), valid and not about to expire; the cached sign-in,
renewed at the identity provider; the ID token's audience, email and
https://aws.amazon.com/tags claims (never the token itself); the role's trust policy (read with
--aws-profile, else with the user's own credentials, and skipped when neither may call
iam:GetRole); the exchange for AWS credentials; the application's identity type; the user's
subscription; and one ChatSync, whose conversation is deleted.

It never opens a browser: when only a new sign-in can help, it says which qbiz login to run.
--json prints the same for a support ticket, with every secret redacted. Exits 0 only when no
hop failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return newApp(env, f.commonFlags).doctor(cmd.Context(), f)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print JSON (for a support ticket; holds no secret)")
	cmd.Flags().StringVar(&f.awsProfile, "aws-profile", "", "shared-config profile whose credentials may read the role (iam:GetRole) and explain a failing hop (default: the user's own)")
	return cmd
}

// doctor checks one profile from its keys to a chat answer, reusing the
// judgments of qbiz admin verify for the hops they share; unlike verify it
// signs nobody in.
type doctor struct {
	*verifier
	renewErr error // the IdP renewed the session but its ID token was refused
}

func (a *app) doctor(ctx context.Context, f doctorFlags) error {
	d := &doctor{verifier: &verifier{a: a, f: verifyFlags{loginFlags: loginFlags{commonFlags: f.commonFlags}, awsProfile: f.awsProfile}, adminOnlyByFlag: true}}
	rep := d.run(ctx)
	output := "text"
	if f.asJSON {
		output = "json"
	}
	return a.finishReport("doctor", rep, output)
}

// run checks the profile, then the hops of its mode.
func (d *doctor) run(ctx context.Context) verifyReport {
	first := d.profile()
	if first.Status == hopFailed {
		return verifyReport{Profile: d.a.profile, Hops: []hopResult{first}}
	}
	rep := d.walk(ctx, d.hops())
	rep.Hops = append([]hopResult{first}, rep.Hops...)
	return rep
}

func (d *doctor) hops() []verifyHop {
	head := []verifyHop{{"keyring", d.keyring}, {"identity provider", d.discover}, {"clock", d.clock},
		{"signing keys", d.signingKeys}, {"sign-in", d.cachedSignIn}}
	var mid []verifyHop
	switch d.p.Mode {
	case identity.ModeOIDC:
		mid = []verifyHop{{"id token", d.idToken}, {"role trust", d.roleTrust}, {"exchange", d.exchange}}
	case identity.ModeIDC:
		mid = []verifyHop{{"id token", d.idToken}, {"exchange", d.exchange}}
	case identity.ModeSAML:
		mid = []verifyHop{{"role trust", d.roleTrust}, {"exchange", d.exchange}}
	}
	tail := []verifyHop{{"application", d.application}, {"subscription", d.subscription}, {"chat", d.chat}}
	return append(append(head, mid...), tail...)
}

// profile loads the profile: its keys present and consistent for its mode.
func (d *doctor) profile() hopResult {
	p, err := d.a.loadProfile()
	if err != nil {
		r := failedErr(err)
		r.Hop = "profile"
		return r
	}
	d.p = p
	detail := fmt.Sprintf("%s, mode %s, region %s", p.Name, p.Mode, p.Region)
	if p.ApplicationID != "" {
		detail += ", application " + p.ApplicationID
	}
	return passed("profile", detail)
}
