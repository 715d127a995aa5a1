package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	smithylog "github.com/aws/smithy-go/logging"
	"github.com/spf13/cobra"
)

// newAdminCmd is the group of commands an AWS administrator runs to set
// up and maintain what qbiz signs people in to. Each admin command adds
// itself here with one line.
func newAdminCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admin",
		Short: "Provision and maintain Amazon Q Business for qbiz (AWS administrator credentials)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAdminGroupsCmd(env))
	cmd.AddCommand(newAdminSessionsCmd(env))
	cmd.AddCommand(newAdminProvisionCmds(env)...)
	return cmd
}

// newAdminGroupsCmd groups the commands that manage the index's groups.
func newAdminGroupsCmd(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "groups",
		Short: "Manage the groups of a Q Business index",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAdminGroupsSyncCmd(env))
	return cmd
}

// adminFlags are the flags every admin command takes: where AWS is and
// whose credentials to call it with.
type adminFlags struct {
	region      string
	endpointURL string
	awsProfile  string
	verbose     bool
}

func (f *adminFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.region, "region", "", "AWS Region (default: the SDK's, from the environment or profile)")
	cmd.Flags().StringVar(&f.endpointURL, "endpoint-url", "", "send AWS calls to this endpoint instead of AWS's")
	cmd.Flags().StringVar(&f.awsProfile, "aws-profile", "", "shared-config profile with administrator credentials (default: the SDK's default chain)")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "log details to stderr (secrets are redacted)")
}

// adminAWSConfig loads the administrator's AWS configuration: the named
// profile or the SDK's default chain, with the flags' Region and endpoint
// on top.
func (a *app) adminAWSConfig(ctx context.Context, f adminFlags) (aws.Config, error) {
	opts, err := a.sharedFileOptions()
	if err != nil {
		return aws.Config{}, err
	}
	opts = append(opts, awsconfig.WithLogger(smithylog.Nop{})) // the SDK's own warnings (IMDSv1 fallback) are not ours to print
	if f.awsProfile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(f.awsProfile))
	}
	if f.region != "" {
		opts = append(opts, awsconfig.WithRegion(f.region))
	}
	cfg, err := a.loadAWSConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS config: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, withHint(errors.New("no AWS Region"), "pass --region or set AWS_REGION")
	}
	if f.endpointURL != "" {
		cfg.BaseEndpoint = aws.String(f.endpointURL)
	}
	return cfg, adminCredentials(ctx, cfg, f.awsProfile)
}

// adminCredentials fetches the administrator's credentials once, before
// any call, so a missing or broken source is one error saying where
// credentials come from, not an SDK chain failure at the first lookup.
func adminCredentials(ctx context.Context, cfg aws.Config, profile string) error {
	if cfg.Credentials == nil {
		return nil
	}
	_, err := cfg.Credentials.Retrieve(ctx)
	switch {
	case err == nil || ctx.Err() != nil:
		return err
	case profile == "":
		return withHint(fmt.Errorf("no AWS administrator credentials in the SDK's default chain (environment, default profile, instance role): %w", err),
			"pass --aws-profile NAME, a profile with administrator credentials (on the sandbox: qbiz-sandbox-admin), or set AWS_PROFILE")
	}
	return withHint(fmt.Errorf("AWS credentials of profile %s: %w", profile, err),
		"check the profile's keys or credential_process in ~/.aws/config and ~/.aws/credentials (qbiz-sandbox-admin asks its sandbox: is it running?)")
}
