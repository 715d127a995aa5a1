package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// revokeTimeout bounds the revocation call: logout must not hang on an
// unreachable IdP.
const revokeTimeout = 10 * time.Second

func newLogoutCmd(env Env) *cobra.Command {
	var f commonFlags
	cmd := &cobra.Command{
		Use:   "logout",
		Short: "Forget the profile's tokens and credentials (revoking the refresh token where possible)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a := newApp(env, f)
			return explain(a.profile, a.logout(cmd.Context()))
		},
	}
	f.register(cmd)
	return cmd
}

func (a *app) logout(ctx context.Context) error {
	p, err := a.loadProfile()
	if err != nil {
		return err
	}
	s, err := a.openStore(p)
	if err != nil {
		return err
	}
	unlock, err := a.lockProfile(ctx, s, p.Name, "sign-out")
	if err != nil {
		return err
	}
	defer unlock()
	e, ok, err := cachedEntry(s, p.Name)
	var unreadable *tokencache.UnreadableError
	switch {
	case errors.As(err, &unreadable):
		return a.forgetUnreadable(s, unreadable)
	case err != nil:
		return err
	case !ok:
		fmt.Fprintf(a.env.Stderr, "Profile %s was not signed in.\n", p.Name)
		return s.Delete(p.Name)
	}
	a.revoke(ctx, p, s, e)
	if err := s.Delete(p.Name); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "Signed out of %s: tokens and credentials removed from this computer.\n", p.Name)
	if !e.AWS.Expiration.IsZero() {
		fmt.Fprintf(a.env.Stderr, "AWS credentials already issued (%s) stay valid at AWS until %s; they cannot be recalled.\n",
			e.AWS.AccessKeyID, e.AWS.Expiration.Local().Format(time.RFC1123))
	}
	return nil
}

// forgetUnreadable removes a cached sign-in that cannot be read (so
// neither can its refresh token be revoked).
func (a *app) forgetUnreadable(s *tokencache.Store, u *tokencache.UnreadableError) error {
	if err := s.Delete(u.Profile); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "Signed out of %s: removed its unreadable cached sign-in (%s).\n", u.Profile, u.Where)
	return nil
}

// revoke asks the IdP to revoke the refresh token when it offers RFC
// 7009 revocation; failures are reported but do not stop the logout.
func (a *app) revoke(ctx context.Context, p config.Profile, s *tokencache.Store, e tokencache.Entry) {
	if e.RefreshToken.IsZero() || p.Issuer == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, revokeTimeout)
	defer cancel()
	switch err := a.signIn(p, s).Revoke(ctx, e); {
	case err == nil:
		fmt.Fprintln(a.env.Stderr, "The identity provider revoked the refresh token.")
	case errors.Is(err, oidcauth.ErrUnsupported):
		fmt.Fprintln(a.env.Stderr, "The identity provider offers no token revocation; the refresh token was only forgotten.")
	default:
		fmt.Fprintf(a.env.Stderr, "Could not revoke the refresh token (%v); it was forgotten locally.\n", err)
	}
}
