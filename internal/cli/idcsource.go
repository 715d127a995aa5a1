package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// IDCJWKSEnv names the key set that verifies Identity Center id tokens.
const IDCJWKSEnv = "QBIZ_IDC_JWKS_URL"

// errNoIDCKeys means nothing says where Identity Center's signing keys are.
var errNoIDCKeys = errors.New("identity center: no key set to verify Identity Center id tokens; set " + IDCJWKSEnv)

// identityCenterExchange runs the trusted identity propagation path for
// e. It resumes the Identity Center session e holds, so a renewal uses
// Identity Center's refresh token (CreateTokenWithIAM refresh_token grant)
// and its pinned user; only without one is e's ID token exchanged. The
// session it ends with (the user and the rotated refresh token) is kept
// in e even when AssumeRole then fails: the previous token is spent.
func (a *app) identityCenterExchange(ctx context.Context, p config.Profile, e tokencache.Entry) (tokencache.Entry, error) {
	prov, err := a.identityCenterProvider(ctx, p, e)
	if err != nil {
		return e, err
	}
	e, err = withCredentials(ctx, e, prov)
	sess := prov.Session()
	e.IDCUserID, e.IDCRefreshToken = sess.UserID, sess.RefreshToken
	return e, err
}

// identityCenterProvider builds the trusted identity propagation path.
// CreateTokenWithIAM and AssumeRole are signed with the application's own
// credentials, from qbiz_idc_source_profile, never with the user's.
func (a *app) identityCenterProvider(ctx context.Context, p config.Profile, e tokencache.Entry) (*awscreds.IdentityCenterProvider, error) {
	src, err := a.sourceConfig(ctx, p)
	if err != nil {
		return nil, err
	}
	keys, err := a.idcKeys(ctx, p)
	if err != nil {
		return nil, err
	}
	cfg := awscreds.IdentityCenterConfig{ApplicationARN: p.IDCApplicationARN, RoleARN: p.IDCRoleARN, Keys: keys}
	prov := awscreds.NewIdentityCenterProvider(ssooidc.NewFromConfig(src), sts.NewFromConfig(src), cfg,
		fixedToken{e.IDToken.Reveal(), e.Identity}, a.providerOptions(p))
	prov.Resume(awscreds.IdentityCenterSession{UserID: e.IDCUserID, RefreshToken: e.IDCRefreshToken})
	return prov, nil
}

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

// idcKeys locates Identity Center's token signing keys: $QBIZ_IDC_JWKS_URL,
// else, for a loopback endpoint_url (the sandbox), its /sandbox/idc/jwks.
func (a *app) idcKeys(ctx context.Context, p config.Profile) (oidc.KeySet, error) {
	u := a.getenv(IDCJWKSEnv)
	if u == "" && isLoopbackURL(p.EndpointURL) {
		u = strings.TrimRight(p.EndpointURL, "/") + "/sandbox/idc/jwks"
	}
	if u == "" {
		return nil, errNoIDCKeys
	}
	return oidc.NewRemoteKeySet(oidc.ClientContext(context.WithoutCancel(ctx), a.http), u), nil
}

func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
