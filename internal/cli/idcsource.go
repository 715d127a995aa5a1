package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/qbiz/qbiz/internal/config"
)

// IDCJWKSEnv names the key set that verifies Identity Center id tokens.
const IDCJWKSEnv = "QBIZ_IDC_JWKS_URL"

// sourceConfig loads the application's credentials from the source
// profile, with the same config files qbiz uses.
func (a *app) sourceConfig(ctx context.Context, p config.Profile) (aws.Config, error) {
	if src, err := config.Load(a.cfgEnv(), p.IDCSourceProfile); err == nil && src.IsQbiz() {
		return aws.Config{}, fmt.Errorf("%s = %s names a qbiz profile: it must hold the application's own credentials, not a user's",
			config.KeyIDCSourceProfile, p.IDCSourceProfile)
	}
	opts, err := a.sharedFileOptions()
	if err != nil {
		return aws.Config{}, err
	}
	opts = append(opts, awsconfig.WithSharedConfigProfile(p.IDCSourceProfile), awsconfig.WithRegion(p.Region))
	cfg, err := a.loadAWSConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load source profile %s: %w", p.IDCSourceProfile, err)
	}
	if cfg.BaseEndpoint == nil && p.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(p.EndpointURL)
	}
	return cfg, nil
}

// sharedFileOptions points the SDK at the files Env names (the process
// environment of an in-process caller may differ).
func (a *app) sharedFileOptions() ([]func(*awsconfig.LoadOptions) error, error) {
	cfgPath, err := config.Path(a.cfgEnv())
	if err != nil {
		return nil, err
	}
	opts := []func(*awsconfig.LoadOptions) error{awsconfig.WithSharedConfigFiles([]string{cfgPath})}
	if cp := a.credentialsFile(); cp != "" {
		opts = append(opts, awsconfig.WithSharedCredentialsFiles([]string{cp}))
	}
	return opts, nil
}

// credentialsFile is $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials.
func (a *app) credentialsFile() string {
	if p := a.getenv("AWS_SHARED_CREDENTIALS_FILE"); p != "" {
		return p
	}
	if h := a.getenv("HOME"); h != "" {
		return filepath.Join(h, ".aws", "credentials")
	}
	return ""
}
