package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
)

// sessionsRevokeTimeout bounds the whole revocation against Redis.
const sessionsRevokeTimeout = 30 * time.Second

type sessionsRevokeFlags struct {
	configPath, redis, issuer, subject string
}

// newAdminSessionsCmd groups the commands on qbiz serve's sessions.
func newAdminSessionsCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sessions",
		Short: "Manage the web gateway's (qbiz serve) sessions",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAdminSessionsRevokeCmd(env))
	return cmd
}

func newAdminSessionsRevokeCmd(env Env) *cobra.Command {
	var f sessionsRevokeFlags
	cmd := &cobra.Command{
		Use:   "revoke --issuer ISSUER --subject SUBJECT [--config FILE] [--redis URL]",
		Short: "End every gateway session of one user, on every replica at once",
		Long: `Deletes every qbiz serve session of the user from the shared Redis store: the user's next
request, at any replica, is signed out, and the tokens and AWS credentials the sessions held are
gone from the gateway. The user is named as the gateway knows them: the identity provider's issuer
(an OIDC issuer URL or a SAML IdP entity id) and subject (sub or NameID), as /api/me and the
gateway's "signed in" log line show. AWS credentials already issued stay valid at AWS until they
expire; disable the user at the identity provider too, or they can sign in again.
Redis comes from --redis, else the gateway's configuration (--config FILE, QBIZ_SERVE_REDIS).`,
		Example: `  qbiz admin sessions revoke --config gateway.yaml --issuer https://example.okta.com --subject 00u1abcd`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.issuer == "" || f.subject == "" {
				return usageError{errors.New("--issuer and --subject are required")}
			}
			return runSessionsRevoke(cmd, env, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.configPath, "config", "", "the gateway's YAML configuration file (for its Redis URL)")
	fl.StringVar(&f.redis, "redis", "", "the gateway's Redis at this redis:// URL")
	fl.StringVar(&f.issuer, "issuer", "", "the user's identity provider: OIDC issuer URL or SAML IdP entity id")
	fl.StringVar(&f.subject, "subject", "", "the user's subject at that identity provider (sub or NameID)")
	return cmd
}

func runSessionsRevoke(cmd *cobra.Command, env Env, f sessionsRevokeFlags) error {
	url := f.redis
	if url == "" {
		cfg, err := config.LoadGateway(f.configPath, config.EnvFunc(envGetter(env)))
		if err != nil && !errors.Is(err, config.ErrNoIdP) {
			return err
		}
		url = cfg.Redis
	}
	if url == "" {
		return usageError{errors.New("no Redis: sessions kept in one gateway's memory end only with that process; " +
			"pass --redis URL or --config FILE of a gateway that uses Redis")}
	}
	client, err := redisstore.NewClient(url)
	if err != nil {
		return err
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(cmd.Context(), sessionsRevokeTimeout)
	defer cancel()
	owner := session.Owner(identity.Identity{Issuer: f.issuer, Subject: f.subject})
	n, err := redisstore.New(client, redisstore.GatewayPrefix).DeleteUser(ctx, owner)
	if err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	fmt.Fprintf(env.Stdout, "ended %d session(s) of %s at %s\n", n, f.subject, f.issuer)
	return nil
}
