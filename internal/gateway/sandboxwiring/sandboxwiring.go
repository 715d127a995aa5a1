package sandboxwiring

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway/serve"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// DefaultAddr picks a free loopback port.
const DefaultAddr = "127.0.0.1:0"

// Options configure Start.
type Options struct {
	Addr   string // the sandbox's listen address; empty = DefaultAddr
	Logger *slog.Logger
}

// Sandbox is a running embedded sandbox the gateway is configured for.
type Sandbox struct {
	// URL is where the sandbox listens; its /sandbox/info stays reachable.
	URL  string
	info sandbox.Info
	sb   *sandbox.Sandbox // nil when attached to a sandbox of another process
	hc   *http.Client     // toward the sandbox
}

// Start starts the sandbox with the demo world at o.Addr, waits until it
// answers, and lets the OIDC application's role trust the gateway's
// client. The caller closes it.
func Start(ctx context.Context, o Options) (*Sandbox, error) {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.Logger == nil {
		o.Logger = logging.Discard()
	}
	sb, err := sandbox.Start(ctx, sandbox.Options{Addr: o.Addr, Scenario: sandbox.ScenarioDemo, Logger: o.Logger})
	if err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	s := &Sandbox{URL: sb.URL, info: sb.Info(), sb: sb, hc: sb.HTTPClient()}
	if err := s.trustGatewayClient(ctx); err != nil {
		_ = sb.Close()
		return nil, err
	}
	return s, nil
}

// Close stops the embedded sandbox; an attached one keeps running.
func (s *Sandbox) Close() error {
	if s.sb == nil {
		return nil
	}
	return s.sb.Close()
}

// Configure returns g with the sandbox's identity providers.
func (s *Sandbox) Configure(g config.Gateway) (config.Gateway, error) {
	idps, err := s.IdPs()
	if err != nil {
		return config.Gateway{}, err
	}
	g.IdPs = idps
	return g, nil
}

// Region and Endpoint are where the sandbox's AWS APIs answer.
func (s *Sandbox) Region() string   { return s.info.Region }
func (s *Sandbox) Endpoint() string { return s.info.Endpoint }

// AppCredentials are the Identity Center application's own credentials:
// the sandbox administrator's keys (what qbiz sandbox credentials prints).
func (s *Sandbox) AppCredentials() aws.CredentialsProvider {
	a := s.info.AdminCredentials
	return credentials.NewStaticCredentialsProvider(a.AccessKeyID, a.SecretAccessKey, "")
}

// HTTPClient speaks to the sandbox (to an embedded one in unencrypted
// HTTP/2, for its Chat stream).
func (s *Sandbox) HTTPClient() *http.Client { return s.hc }

// Describe prints where the sandbox listens and who can sign in, with
// their sandbox passwords.
func (s *Sandbox) Describe(w io.Writer) {
	fmt.Fprintf(w, "qbiz serve: sandbox at %s (%s/sandbox/info)\n", s.URL, s.URL)
	for _, u := range s.info.Users {
		fmt.Fprintf(w, "  sign in as %-28s password %s\n", u.Username, u.Password)
	}
}

// IdPs are one identity provider per mode, on the demo applications.
func (s *Sandbox) IdPs() ([]config.GatewayIdP, error) {
	secret, err := s.gatewaySecret()
	if err != nil {
		return nil, err
	}
	apps := map[string]sandbox.Application{}
	for _, m := range []string{"oidc", "saml", "idc"} {
		app, ok := s.info.App(m)
		if !ok {
			return nil, fmt.Errorf("sandbox: the demo world has no %s application", m)
		}
		apps[m] = app
	}
	base := config.Profile{Region: s.info.Region, EndpointURL: s.info.Endpoint, Scopes: config.DefaultScopes,
		DurationSeconds: config.DefaultDurationSeconds}
	oidc, saml, idc := base, base, base
	oidc.Mode, oidc.Issuer, oidc.ClientID = identity.ModeOIDC, s.info.OIDC.Issuer, scenario.GatewayClientID
	oidc.RoleARN, oidc.ApplicationID = apps["oidc"].RoleARN, apps["oidc"].ApplicationID
	saml.Mode, saml.RoleARN, saml.ProviderARN = identity.ModeSAML, apps["saml"].RoleARN, apps["saml"].ProviderARN
	saml.SAMLSSOURL, saml.SAMLIdPMetadataURL, saml.SAMLEntityID = s.info.SAML.SSOURL, s.info.SAML.MetadataURL, s.info.SAML.SPEntityID
	saml.ApplicationID = apps["saml"].ApplicationID
	idc.Mode, idc.Issuer, idc.ClientID = identity.ModeIDC, s.info.OIDC.Issuer, scenario.GatewayClientID
	idc.IDCApplicationARN, idc.IDCRoleARN = apps["idc"].IDCApplicationARN, apps["idc"].RoleARN
	idc.ApplicationID = apps["idc"].ApplicationID
	return []config.GatewayIdP{
		{Name: "oidc", Label: "Company SSO (OIDC)", Profile: oidc, ClientSecret: secret},
		{Name: "saml", Label: "Company SSO (SAML)", Profile: saml},
		{Name: "idc", Label: "IAM Identity Center", Profile: idc, ClientSecret: secret},
	}, nil
}

// gatewaySecret is the secret the sandbox's IdP registered for the
// gateway's client.
func (s *Sandbox) gatewaySecret() (logging.Secret, error) {
	for _, c := range s.info.OIDC.Clients {
		if c.ClientID == scenario.GatewayClientID && c.ClientSecret != "" {
			return logging.Secret(c.ClientSecret), nil
		}
	}
	return "", fmt.Errorf("sandbox: no confidential OIDC client %s registered", scenario.GatewayClientID)
}

// adminConfig signs requests to the sandbox as its administrator.
func (s *Sandbox) adminConfig() aws.Config {
	return aws.Config{Region: s.info.Region, BaseEndpoint: aws.String(s.info.Endpoint), HTTPClient: s.HTTPClient(),
		Credentials: s.AppCredentials()}
}

// StartForServe is Start as qbiz serve --sandbox calls it, or Attach
// with --sandbox-url.
func StartForServe(ctx context.Context, at serve.SandboxAt, log *slog.Logger) (serve.Sandbox, error) {
	if at.URL != "" {
		return Attach(ctx, at.URL, log)
	}
	return Start(ctx, Options{Addr: at.Addr, Logger: log})
}
