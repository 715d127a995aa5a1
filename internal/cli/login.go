package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// loginTimeout bounds an interactive sign-in.
const loginTimeout = 10 * time.Minute

type loginFlags struct {
	commonFlags
	device, noBrowser, ifNeeded bool
}

func newLoginCmd(env Env) *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in at your identity provider and cache AWS credentials for the profile",
		Long: `Signs in at the profile's identity provider: OIDC authorization code with PKCE on a
loopback redirect (the browser opens by itself; --no-browser prints the URL), or the device
code flow with --device (chosen automatically over SSH or without a display); SAML posts to a
loopback ACS. The loopback port is picked afresh at each sign-in unless the profile's
qbiz_redirect_uri fixes it (e.g. http://127.0.0.1:8765/callback, for an identity provider that
compares redirect URIs or ACS URLs exactly): then qbiz login listens exactly there, and fails
rather than pick another port when that one is taken. The sign-in is exchanged for AWS
credentials and everything is kept in the encrypted token cache.

With --if-needed it signs in only when the cached sign-in ends within 15 minutes: while it
lasts longer it exits 0 at once, printing nothing and calling nobody (for shell start-up
files); otherwise it renews silently through the refresh token when it can, and signs in
as above when it cannot.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a := newApp(env, f.commonFlags)
			if f.ifNeeded {
				return explain(a.profile, a.loginIfNeeded(cmd.Context(), f))
			}
			return explain(a.profile, a.login(cmd.Context(), f))
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.device, "device", false, "use the device code flow (sign in on another device)")
	cmd.Flags().BoolVar(&f.noBrowser, "no-browser", false, "print the sign-in URL instead of opening a browser")
	cmd.Flags().BoolVar(&f.ifNeeded, "if-needed", false, "sign in only when the cached sign-in ends within 15 minutes (silent otherwise)")
	return cmd
}

// login signs in and caches the result. Logins for one profile are
// serialised; one that waited for another's to finish reuses it.
func (a *app) login(ctx context.Context, f loginFlags) error {
	p, err := a.loadProfile()
	if err != nil {
		return err
	}
	s, err := a.openStore(p)
	if err != nil {
		return err
	}
	return a.loginTo(ctx, f, p, s)
}

// loginTo signs in to profile p, kept in s, as login does.
func (a *app) loginTo(ctx context.Context, f loginFlags, p config.Profile, s *tokencache.Store) error {
	if err := s.CheckPassphrase(); err != nil {
		return err // before the sign-in, which could never be stored
	}
	before, _, _ := cachedEntry(s, p.Name)
	unlock, err := a.lockProfile(ctx, s, p.Name, "sign-in")
	if err != nil {
		return err
	}
	defer unlock()
	if e, ok, _ := cachedEntry(s, p.Name); ok && e.AWS.Expiration.After(before.AWS.Expiration) && e.AWS.Valid(a.now(), signin.RefreshMargin) {
		fmt.Fprintf(a.env.Stderr, "Signed in by a concurrent qbiz login as %s.\n", describeUser(e.Identity))
		return nil
	}
	e, err := a.signInAndExchange(ctx, p, s, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "Signed in as %s (%s). AWS credentials valid until %s.\n",
		describeUser(e.Identity), p.Mode, e.AWS.Expiration.Local().Format(time.RFC1123))
	return nil
}

// signInAndExchange signs in through signin, which exchanges the sign-in
// for AWS credentials before the browser is told the outcome and keeps it.
func (a *app) signInAndExchange(ctx context.Context, p config.Profile, s *tokencache.Store, f loginFlags) (tokencache.Entry, error) {
	if f.device && p.Mode == identity.ModeSAML {
		return tokencache.Entry{}, usageError{errNoDeviceSAML}
	}
	ctx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	e, err := a.signIn(p, s).Login(ctx, signin.LoginOptions{Device: f.device, DeviceIfOffered: a.useDevice(f.device, f.noBrowser),
		NoBrowser: f.noBrowser, Opener: a.opener(f.noBrowser), Out: a.env.Stderr})
	return e, interrupted(ctx, err, "sign-in")
}

func describeUser(id identity.Identity) string {
	if id.Email != "" {
		return id.Email
	}
	return id.Subject
}

var errNoDeviceSAML = errors.New("SAML has no device code flow; use --no-browser and open the URL on this machine")
