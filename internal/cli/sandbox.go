package cli

import (
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/sandbox"
)

func newSandboxCmd(env Env) *cobra.Command {
	var opts sandbox.Options
	var verbose bool
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the offline emulator of the IdP and the AWS APIs qbiz uses",
		Long: `Runs an OIDC and SAML identity provider and emulations of STS, IAM, sso-oidc,
sso-admin, Secrets Manager and Amazon Q Business on one loopback port, in their
real wire protocols. Point any AWS SDK at it with endpoint_url or AWS_ENDPOINT_URL.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Logger = newLogger(env, verbose)
			if opts.TLS && opts.CAFile == "" {
				opts.CAFile = filepath.Join(".", "qbiz-sandbox-ca.pem")
			}
			sb, err := sandbox.Start(cmd.Context(), opts)
			if err != nil {
				return err
			}
			defer sb.Close()
			printSandboxBanner(env, sb)
			<-cmd.Context().Done()
			fmt.Fprintln(env.Stderr, "qbiz sandbox: stopped")
			return sb.Close() // saves the world with --state
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8484", "listen address (use port 0 for a free port)")
	f.StringVar(&opts.Scenario, "scenario", sandbox.ScenarioDemo, "world to provision: demo or empty")
	f.BoolVar(&opts.TLS, "tls", false, "serve HTTPS with a generated CA (written to --ca-file, for AWS_CA_BUNDLE)")
	f.StringVar(&opts.CAFile, "ca-file", "", "where --tls writes the CA certificate PEM (default ./qbiz-sandbox-ca.pem)")
	f.StringVar(&opts.StatePath, "state", "", "persist the world in this file (mode 0600): restored on start, saved on exit; restart with the same --addr")
	f.BoolVarP(&verbose, "verbose", "v", false, "log every request")
	cmd.AddCommand(newSandboxCredentialsCmd(env))
	return cmd
}

// newSandboxCredentialsCmd prints the sandbox administrator's keys for the
// qbiz-sandbox-admin profile's credential_process, so that no file holds
// them.
func newSandboxCredentialsCmd(env Env) *cobra.Command {
	var endpoint string
	cmd := &cobra.Command{
		Use:   "credentials",
		Short: "Print the sandbox administrator's keys as credential_process JSON",
		Long: `Reads ENDPOINT/sandbox/info and prints the administrator's keys as one credential_process
document (Version 1). The qbiz-sandbox-admin profile runs it, so the keys are never written to a file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a := newApp(env, commonFlags{})
			info, err := a.fetchSandboxInfo(cmd.Context(), endpoint)
			if err != nil {
				return err
			}
			if info.Admin.AccessKeyID == "" {
				return fmt.Errorf("the sandbox at %s reports no administrator keys", endpoint)
			}
			out, err := awscreds.MarshalProcess(aws.Credentials{AccessKeyID: info.Admin.AccessKeyID, SecretAccessKey: info.Admin.SecretAccessKey})
			if err != nil {
				return err
			}
			_, err = env.Stdout.Write(append(out, '\n'))
			return err
		},
	}
	cmd.Flags().StringVar(&endpoint, "endpoint", "http://127.0.0.1:8484", "the sandbox's URL")
	return cmd
}

func printSandboxBanner(env Env, sb *sandbox.Sandbox) {
	info := sb.Info()
	fmt.Fprintf(env.Stdout, "qbiz sandbox ready at %s (account %s, %s)\n", info.Endpoint, info.Account, info.Region)
	fmt.Fprintf(env.Stdout, "world: %s/sandbox/info   profiles: %s/sandbox/aws-config\n", info.Endpoint, info.Endpoint)
	if info.CABundle != "" {
		fmt.Fprintf(env.Stdout, "export AWS_CA_BUNDLE=%s\n", info.CABundle)
	}
	fmt.Fprintln(env.Stdout, "users:")
	for _, u := range info.Users {
		fmt.Fprintf(env.Stdout, "  %-28s password %s\n", u.Username, u.Password)
	}
	fmt.Fprintln(env.Stdout, "\n# ~/.aws/config")
	fmt.Fprint(env.Stdout, info.AWSConfig())
}

func newLogger(env Env, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}
