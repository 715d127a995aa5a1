package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
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
	return cfg, nil
}
