package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// LoadGateway reads the gateway's configuration: the YAML file at path
// (none when path is empty), then the environment over it, then the
// defaults under both. Flags are applied by the caller. It does not
// validate: call Validate once the flags are in.
//
// Without a file, the environment describes one identity provider, with
// the variable names of the AWS samples (FromEnv, gatewayEnvTIP). With a
// file of one identity provider the same variables override its
// settings; with several, only AWS_REGION and AWS_ENDPOINT_URL apply (to
// each), and any other is an error rather than a guess.
func LoadGateway(path string, env Env) (Gateway, error) {
	g, err := loadGatewayFile(path, env)
	if err != nil {
		return Gateway{}, err
	}
	g, err = applyGatewayEnv(g, path != "", env)
	if err != nil {
		return Gateway{}, err
	}
	return g.WithDefaults(), nil
}

func loadGatewayFile(path string, env Env) (Gateway, error) {
	if path == "" {
		return Gateway{}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Gateway{}, fmt.Errorf("read gateway config: %w", err)
	}
	f, err := parseGatewayFile(path, data)
	if err != nil {
		return Gateway{}, fmt.Errorf("read gateway config %w", err)
	}
	g, err := f.gateway()
	if err != nil {
		return Gateway{}, fmt.Errorf("read gateway config %s: %w", path, err)
	}
	for i, src := range f.IdPs {
		s, err := clientSecret(src, env)
		if err != nil {
			return Gateway{}, fmt.Errorf("read gateway config %s: line %d: identity provider %q: %w", path, src.line, src.Name, err)
		}
		g.IdPs[i].ClientSecret = s
	}
	return g, nil
}

// clientSecret reads an identity provider's secret from the environment
// variable or the file the configuration names.
func clientSecret(i idpFile, env Env) (logging.Secret, error) {
	switch {
	case i.ClientSecretEnv != "" && i.ClientSecretFile != "":
		return "", errors.New("client_secret_env and client_secret_file: give one of them")
	case i.ClientSecretEnv != "":
		v := env.Getenv(i.ClientSecretEnv)
		if v == "" {
			return "", fmt.Errorf("client_secret_env: the environment variable %s is empty or not set", i.ClientSecretEnv)
		}
		return logging.Secret(v), nil
	case i.ClientSecretFile != "":
		return ReadSecretFile(i.ClientSecretFile)
	}
	return "", nil
}

// ReadSecretFile reads a secret from a file only its owner may read
// (mode 0600 or stricter); surrounding white space is dropped.
func ReadSecretFile(path string) (logging.Secret, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("secret file %s does not exist", path)
	}
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return "", fmt.Errorf("secret file %s can be read by others (mode %04o): run chmod 600 %s", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}
	s := strings.TrimSpace(string(data))
	if s == "" {
		return "", fmt.Errorf("secret file %s is empty", path)
	}
	return logging.Secret(s), nil
}

// Gateway environment variables (settings of the gateway itself).
const (
	EnvServeAddr           = "QBIZ_SERVE_ADDR"
	EnvServePublicURL      = "QBIZ_SERVE_PUBLIC_URL"
	EnvServeRedis          = "QBIZ_SERVE_REDIS"
	EnvServeSessionKeyFile = "QBIZ_SERVE_SESSION_KEY_FILE"
	EnvServeAWSProfile     = "QBIZ_SERVE_AWS_PROFILE"
	EnvServeTrustedProxies = "QBIZ_SERVE_TRUSTED_PROXIES" // comma-separated
	EnvServeIdPName        = "QBIZ_SERVE_IDP_NAME"
	EnvServeIdPLabel       = "QBIZ_SERVE_IDP_LABEL"
)

func applyGatewayEnv(g Gateway, fromFile bool, env Env) (Gateway, error) {
	e := env.Getenv
	setIf(&g.Addr, e(EnvServeAddr))
	setIf(&g.PublicURL, e(EnvServePublicURL))
	setIf(&g.Redis, e(EnvServeRedis))
	setIf(&g.SessionKeyFile, e(EnvServeSessionKeyFile))
	setIf(&g.AWSProfile, e(EnvServeAWSProfile))
	if v := e(EnvServeTrustedProxies); v != "" {
		ps, err := parseProxies(strings.Split(v, ","))
		if err != nil {
			return Gateway{}, fmt.Errorf("%s: %w", EnvServeTrustedProxies, err)
		}
		g.TrustedProxies = ps
	}
	return applyIdPEnv(g, fromFile, env)
}

// applyIdPEnv lays the identity-provider variables over the file's
// identity providers, or makes the one they describe.
func applyIdPEnv(g Gateway, fromFile bool, env Env) (Gateway, error) {
	set := idpEnvSet(env)
	switch {
	case !fromFile && len(set) > 0:
		g.IdPs = []GatewayIdP{envIdP(GatewayIdP{}, env)}
	case len(g.IdPs) == 1:
		g.IdPs[0] = envIdP(g.IdPs[0], env)
	case len(g.IdPs) > 1:
		if other := without(set, "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"); len(other) > 0 {
			return Gateway{}, fmt.Errorf("%s set, but the config file names %d identity providers and these variables "+
				"describe one: unset them, or put the settings in the file", strings.Join(other, ", "), len(g.IdPs))
		}
		o := FromEnv(env)
		for i := range g.IdPs {
			p := &g.IdPs[i].Profile
			setIf(&p.Region, o.Region)
			setIf(&p.EndpointURL, o.EndpointURL)
		}
	}
	return g, nil
}

// envIdP is i with the environment's identity-provider variables over it.
func envIdP(i GatewayIdP, env Env) GatewayIdP {
	o := FromEnv(env)
	i.Profile = i.Profile.Apply(gatewayEnvTIP(env)).Apply(o)
	if !o.ClientSecret.IsZero() {
		i.ClientSecret = o.ClientSecret
	} else if s := env.Getenv("client_secret"); s != "" {
		i.ClientSecret = logging.Secret(s)
	}
	setIf(&i.Name, env.Getenv(EnvServeIdPName))
	setIf(&i.Label, env.Getenv(EnvServeIdPLabel))
	if i.Name == "" {
		i.Name = string(i.Profile.Mode)
	}
	return i
}

// gatewayEnvTIP maps the settings of the Identity Center (TIP) sample web
// app, whose .env file uses these names, onto overrides:
//
//	issuer_url            issuer
//	client_id             client_id
//	client_secret         the client secret
//	idc_provider_apl_arn  idc_application_arn (and hints mode idc)
//	qb_sts_role           idc_role_arn
//	qb_apl_id             application_id
//	region_name           region
func gatewayEnvTIP(env Env) Overrides {
	g := env.Getenv
	o := Overrides{Issuer: g("issuer_url"), ClientID: g("client_id"), IDCApplicationARN: g("idc_provider_apl_arn"),
		IDCRoleARN: g("qb_sts_role"), ApplicationID: g("qb_apl_id"), Region: g("region_name")}
	if o.IDCApplicationARN != "" {
		o.ModeHint = identity.ModeIDC
	}
	return o
}

// idpEnvVars are the variables that describe an identity provider.
var idpEnvVars = []string{
	"QBIZ_MODE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "Q_BUSINESS_APP_ID",
	"OIDC_CLIENT_ID", "IDP_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_DISCOVERY_URL", "IDP_ISSUER_URL",
	"OIDC_ROLE_ARN", "IDP_SSO_URL", "IDP_ISSUER", "WEB_EXPERIENCE_ROLE_ARN", "IAM_IDENTITY_PROVIDER_ARN",
	"QBIZ_DURATION_SECONDS", EnvServeIdPName, EnvServeIdPLabel,
	"issuer_url", "client_id", "client_secret", "idc_provider_apl_arn", "qb_sts_role", "qb_apl_id", "region_name",
}

// idpEnvSet names the identity-provider variables that are set, except
// the region and endpoint alone (they are set for many other reasons).
func idpEnvSet(env Env) []string {
	var set []string
	for _, k := range idpEnvVars {
		if env.Getenv(k) != "" {
			set = append(set, k)
		}
	}
	if len(without(set, "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "region_name")) == 0 {
		set = nil
	}
	sort.Strings(set)
	return set
}

func without(list []string, drop ...string) []string {
	var out []string
	for _, v := range list {
		if !contains(drop, v) {
			out = append(out, v)
		}
	}
	return out
}
