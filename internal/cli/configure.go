package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/smithy-go"
	smithylog "github.com/aws/smithy-go/logging"
	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

type configureFlags struct {
	commonFlags
	o                 config.Overrides
	mode, scopes      string
	clientSecretStdin bool
	fromSandbox       string
	detectProfile     string
}

func newConfigureCmd(env Env) *cobra.Command {
	var f configureFlags
	cmd := &cobra.Command{
		Use:   "configure",
		Short: "Write a qbiz profile into the AWS config file",
		Long: `Writes (or updates) one profile in ~/.aws/config ($AWS_CONFIG_FILE): credential_process runs
qbiz credentials, and qbiz_* keys hold qbiz's settings. Values come from flags, then from the
environment (QBIZ_*, AWS_REGION, and the AWS samples' names: Q_BUSINESS_APP_ID, OIDC_CLIENT_ID,
OIDC_DISCOVERY_URL, OIDC_ROLE_ARN, IDP_SSO_URL, WEB_EXPERIENCE_ROLE_ARN, IAM_IDENTITY_PROVIDER_ARN…),
then from the existing profile. Without --mode the mode is read from the Q Business application's
identity type when the caller may call qbusiness:GetApplication. A client secret (--client-secret-stdin
or OIDC_CLIENT_SECRET) goes to the token cache, never to the file.

--from-sandbox URL reads URL/sandbox/info (waiting while the sandbox starts) and writes the profiles
qbiz-sandbox-oidc, -saml and -idc, and qbiz-sandbox-admin, whose credential_process runs
qbiz sandbox credentials, so the administrator's keys are written to no file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a := newApp(env, f.commonFlags)
			var err error
			if f.fromSandbox != "" {
				err = a.configureFromSandbox(cmd.Context(), f.fromSandbox)
			} else {
				err = a.configure(cmd.Context(), f)
			}
			return explain(a.profile, err)
		},
	}
	f.register(cmd)
	f.registerKeys(cmd)
	return cmd
}

func (f *configureFlags) registerKeys(cmd *cobra.Command) {
	fl := cmd.Flags()
	s := func(p *string, name, usage string) { fl.StringVar(p, name, "", usage) }
	s(&f.mode, "mode", "oidc, saml or idc (default: detected from the Q Business application)")
	s(&f.o.Region, "region", "AWS region")
	s(&f.o.EndpointURL, "endpoint-url", "AWS endpoint URL (the sandbox)")
	s(&f.o.Issuer, "issuer", "OIDC issuer URL (oidc, idc)")
	s(&f.o.ClientID, "client-id", "OIDC client id (oidc, idc)")
	s(&f.o.RedirectURI, "redirect-uri", "loopback redirect URI (oidc, idc) or ACS URL (saml) qbiz login listens at exactly, as registered at the IdP, e.g. http://127.0.0.1:8765/callback (default: a port picked at each login)")
	s(&f.scopes, "scopes", "OIDC scopes, space or comma separated")
	s(&f.o.RoleARN, "role-arn", "IAM role to assume (oidc, saml)")
	s(&f.o.ProviderARN, "provider-arn", "IAM identity provider ARN (saml)")
	s(&f.o.SAMLSSOURL, "saml-sso-url", "IdP single sign-on URL (saml)")
	s(&f.o.SAMLEntityID, "saml-entity-id", "this service provider's entity id (saml)")
	s(&f.o.SAMLIdPMetadataURL, "saml-metadata-url", "IdP metadata URL (saml)")
	s(&f.o.IDCApplicationARN, "idc-application-arn", "Identity Center application ARN (idc)")
	s(&f.o.IDCRoleARN, "idc-role-arn", "role assumed with the identity context (idc)")
	s(&f.o.IDCSourceProfile, "idc-source-profile", "profile with the application's own credentials (idc)")
	s(&f.o.ApplicationID, "application-id", "Q Business application id")
	s(&f.o.KeyringBackend, "keyring-backend", "token cache backend (file, secret-service, keychain, …)")
	s(&f.detectProfile, "detect-profile", "profile whose credentials read the application's identity type")
	s(&f.fromSandbox, "from-sandbox", "write the sandbox's profiles from URL/sandbox/info")
	fl.Int32Var(&f.o.DurationSeconds, "duration-seconds", 0, "role session length (900-43200)")
	fl.BoolVar(&f.clientSecretStdin, "client-secret-stdin", false, "read the OIDC client secret from stdin")
}

func (a *app) configure(ctx context.Context, f configureFlags) error {
	flags, err := f.overrides(a.env.Stdin)
	if err != nil {
		return usageError{err}
	}
	file, err := a.readProfile()
	if err != nil && !errors.Is(err, config.ErrProfileNotFound) {
		return err
	}
	env := config.FromEnv(a.cfgEnv())
	p := config.Resolve(file, env, flags)
	p.Name = a.profile
	if p.Mode == "" && p.ApplicationID != "" {
		if p.Mode, err = a.detectMode(ctx, p, f.detectProfile); err != nil {
			return err
		}
	}
	if err := a.saveProfile(p, first(flags.ClientSecret.Reveal(), env.ClientSecret.Reveal())); err != nil {
		return err
	}
	a.reportProfile(p)
	return nil
}

func (f configureFlags) overrides(stdin io.Reader) (config.Overrides, error) {
	o := f.o
	if f.mode != "" {
		m, err := identity.ParseMode(f.mode)
		if err != nil {
			return o, err
		}
		o.Mode = m
	}
	if f.scopes != "" {
		o.Scopes = strings.FieldsFunc(f.scopes, func(r rune) bool { return r == ' ' || r == ',' })
	}
	if f.clientSecretStdin {
		b, err := io.ReadAll(io.LimitReader(stdin, 4096))
		if err != nil {
			return o, fmt.Errorf("read client secret: %w", err)
		}
		o.ClientSecret = logging.Secret(strings.TrimSpace(string(b)))
	}
	return o, nil
}

// saveProfile writes p with credential_process pointing at this binary,
// and the client secret, if any, into the token cache.
func (a *app) saveProfile(p config.Profile, clientSecret string) error {
	p.CredentialProcess = config.CredentialProcessCommand(a.executable(), p.Name)
	if p.Mode == identity.ModeIDC && p.IDCRoleARN == "" {
		p.IDCRoleARN = p.RoleARN
	}
	if err := config.Save(a.cfgEnv(), p); err != nil {
		return err
	}
	if clientSecret != "" {
		s, err := a.openStore(p)
		if err != nil {
			return err
		}
		if err := s.PutClientSecret(p.Name, logging.Secret(clientSecret)); err != nil {
			return err
		}
	}
	return nil
}

// reportProfile says on stderr which profile was written and what is next.
func (a *app) reportProfile(p config.Profile) {
	fmt.Fprintf(a.env.Stderr, "Wrote profile %s (%s). Next: qbiz login --profile %s\n", p.Name, p.Mode, p.Name)
}

func (a *app) executable() string {
	if a.env.Executable == nil {
		return ""
	}
	exe, err := a.env.Executable()
	if err != nil {
		return ""
	}
	return exe
}

// detectMode reads the application's identity type with the caller's
// own AWS credentials (an administrator's, at configuration time). When
// it cannot, it says why in one sentence and to pass --mode; the SDK's
// own account (credential chain, metadata service) goes to the debug log.
func (a *app) detectMode(ctx context.Context, p config.Profile, profile string) (identity.Mode, error) {
	m, err := a.readIdentityType(ctx, p, profile)
	if err == nil {
		return m, nil
	}
	a.log.Debug("detect mode", "application", p.ApplicationID, "err", err)
	return "", withHint(fmt.Errorf("cannot detect the identity mode of application %s: %s", p.ApplicationID, detectFailure(err)),
		"pass --mode oidc, saml or idc (or --detect-profile PROFILE, with credentials that may call qbusiness:GetApplication)")
}

// errNoAdminCredentials means no credentials were found to read the
// application with.
var errNoAdminCredentials = errors.New("no AWS credentials to read it with")

func (a *app) readIdentityType(ctx context.Context, p config.Profile, profile string) (identity.Mode, error) {
	opts, err := a.sharedFileOptions()
	if err != nil {
		return "", err
	}
	opts = append(opts, awsconfig.WithRegion(p.Region), awsconfig.WithLogger(smithylog.Nop{}))
	if profile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(profile))
	}
	cfg, err := a.loadAWSConfig(ctx, opts...)
	if err != nil {
		return "", fmt.Errorf("load AWS config: %w", err)
	}
	if cfg.Credentials == nil {
		return "", errNoAdminCredentials
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return "", fmt.Errorf("%w: %w", errNoAdminCredentials, err)
	}
	if p.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(p.EndpointURL)
	}
	return awscreds.DetectMode(ctx, qbusiness.NewFromConfig(cfg), p.ApplicationID)
}

// detectFailure says in a few words why detection failed.
func detectFailure(err error) string {
	var api smithy.APIError
	switch {
	case errors.Is(err, errNoAdminCredentials):
		return errNoAdminCredentials.Error()
	case errors.Is(err, awscreds.ErrAccessDenied):
		return "the credentials found may not call qbusiness:GetApplication"
	case errors.Is(err, awscreds.ErrServiceUnavailable):
		return "Q Business could not be reached"
	case errors.Is(err, awscreds.ErrUnsupportedIdentityType):
		return "its identity type is not one qbiz supports"
	case errors.As(err, &api):
		return logging.Scrub(api.ErrorCode() + ": " + api.ErrorMessage())
	}
	return "GetApplication failed (run with -v for the details)"
}
