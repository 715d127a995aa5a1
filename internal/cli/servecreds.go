package cli

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/credserver"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

func newServeCredentialsCmd(env Env) *cobra.Command {
	var f commonFlags
	var addr, scopeFlag string
	cmd := &cobra.Command{
		Use:   "serve-credentials",
		Short: "Serve the profile's AWS credentials to SDKs on a loopback address until Ctrl-C",
		Long: `Serves the profile's AWS credentials on 127.0.0.1 in the container-credentials format
every AWS SDK and the AWS CLI read, renewing them through the sign-in so a long-running
program never holds expired ones. It prints, on stdout only, the shell lines that point a
program at it (AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN,
a random token for this run; requests without it are refused) after unsetting the variables
that would take precedence, then serves until interrupted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a := newApp(env, f)
			return a.serveCredentials(cmd.Context(), addr, scopeFlag)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&addr, "addr", credserver.DefaultAddr, "loopback address to listen on")
	cmd.Flags().StringVar(&scopeFlag, "scope", "", scopeUsage)
	return cmd
}

func (a *app) serveCredentials(ctx context.Context, addr, scopeFlag string) error {
	p, e, ss, err := a.scopedCredentials(ctx, scopeFlag, "")
	if err != nil {
		return explain(a.profile, err)
	}
	l, srv, err := a.credentialServer(ss, e, addr)
	if err != nil {
		return err
	}
	if err := writeExport(a.env.Stdout, serverVars(p, credserver.URL(l), srv.Token()), environ(a.env)); err != nil {
		l.Close()
		return err
	}
	fmt.Fprintf(a.env.Stderr, "qbiz: serving the credentials of profile %s at %s until Ctrl-C\n", p.Name, credserver.URL(l))
	return credserver.Serve(ctx, l, srv)
}

// credentialServer listens on addr and returns the server of ss's
// credentials for the user signed in in e.
func (a *app) credentialServer(ss *scopedSession, e tokencache.Entry, addr string) (net.Listener, *credserver.Server, error) {
	srv, err := credserver.New(ss.Provider(e.Identity, ss.scope), credserver.Options{Margin: signin.RefreshMargin, Now: a.now, Logger: a.log})
	if err != nil {
		return nil, nil, err
	}
	l, err := credserver.Listen(addr)
	if err != nil {
		return nil, nil, usageError{err}
	}
	return l, srv, nil
}

// serverVars point a program at the credential endpoint, with the
// profile's region and endpoint as credentialVars gives them.
func serverVars(p config.Profile, url, token string) []envVar {
	vs := []envVar{
		{"AWS_CONTAINER_CREDENTIALS_FULL_URI", url},
		{"AWS_CONTAINER_AUTHORIZATION_TOKEN", token},
	}
	return append(vs, regionVars(p)...)
}
