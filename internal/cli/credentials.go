package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

func newCredentialsCmd(env Env) *cobra.Command {
	var f commonFlags
	cmd := &cobra.Command{
		Use:   "credentials",
		Short: "Print the profile's AWS credentials as credential_process JSON",
		Long: `Prints one credential_process document (Version 1) on stdout. Cached credentials are
used without any network call; expired ones are renewed silently when the identity provider
allows it. When only a new sign-in can help it fails at once: run qbiz login --profile P.
In the last 15 minutes of the sign-in one line on stderr says when it ends (at most once a
minute per profile); stdout stays the JSON document.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a := newApp(env, f)
			a.throttleWarnings = true
			out, err := a.processJSON(cmd.Context())
			if err != nil {
				return explain(a.profile, err)
			}
			_, err = env.Stdout.Write(append(out, '\n'))
			return err
		},
	}
	f.register(cmd)
	return cmd
}

func (a *app) processJSON(ctx context.Context) ([]byte, error) {
	_, e, err := a.credentials(ctx)
	if err != nil {
		return nil, err
	}
	return awscreds.MarshalProcess(signin.AWSCredentials(e.AWS))
}

// credentials loads the profile and returns its cache entry with usable
// AWS credentials (see signin.Session.Fresh), narrowed by the profile's
// qbiz_session_policy if it has one, warning on stderr when the sign-in
// is about to end.
func (a *app) credentials(ctx context.Context) (config.Profile, tokencache.Entry, error) {
	p, e, _, err := a.scopedCredentials(ctx, "", "")
	return p, e, err
}

// scopedCredentials is credentials narrowed by the --scope value (else
// the profile's) for tool; it returns the scope and the session too.
func (a *app) scopedCredentials(ctx context.Context, scopeFlag, tool string) (config.Profile, tokencache.Entry, *scopedSession, error) {
	p, err := a.loadProfile()
	if err != nil {
		return p, tokencache.Entry{}, nil, err
	}
	sc, err := scope(p, scopeFlag, tool)
	if err != nil {
		return p, tokencache.Entry{}, nil, err
	}
	s, err := a.openStore(p)
	if err != nil {
		return p, tokencache.Entry{}, nil, err
	}
	ss := &scopedSession{Session: a.signIn(p, s), scope: sc}
	e, err := ss.Scoped(ctx, sc)
	if err == nil {
		a.warnSignInDue(p, e)
	}
	return p, e, ss, err
}

// scopedSession is a profile's sign-in with the scope its credentials
// are narrowed by.
type scopedSession struct {
	*signin.Session
	scope awscreds.Scope
}
