package config

import (
	"strconv"
	"strings"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// Overrides are settings from a layer above the file (environment or
// flags). Empty fields leave the profile's value alone.
type Overrides struct {
	Mode identity.Mode
	// ModeHint sets the mode only when no layer below named one (the
	// samples' variables imply a mode without stating it).
	ModeHint identity.Mode

	Region, EndpointURL                             string
	Issuer, ClientID, RedirectURI                   string
	Scopes                                          []string
	RoleARN, ProviderARN                            string
	SAMLSSOURL, SAMLEntityID, SAMLIdPMetadataURL    string
	IDCApplicationARN, IDCRoleARN, IDCSourceProfile string
	ApplicationID                                   string
	DurationSeconds                                 int32
	KeyringBackend                                  string

	// ClientSecret is never part of a Profile or the config file: callers
	// hand it to the token cache.
	ClientSecret logging.Secret

	// ByMode holds overrides that apply only when the resolved profile has
	// that mode (OIDC_ROLE_ARN and WEB_EXPERIENCE_ROLE_ARN both name "the
	// role", for different modes).
	ByMode map[identity.Mode]Overrides
}

// Resolve layers the sources in precedence order: defaults < file < env <
// flags.
func Resolve(file Profile, env, flags Overrides) Profile {
	return file.Apply(env).Apply(flags).WithDefaults()
}

// Apply returns p with every non-empty override set.
func (p Profile) Apply(o Overrides) Profile {
	if o.Mode != "" {
		p.Mode = o.Mode
	} else if p.Mode == "" {
		p.Mode = o.ModeHint
	}
	setIf(&p.Region, o.Region)
	setIf(&p.EndpointURL, o.EndpointURL)
	setIf(&p.Issuer, o.Issuer)
	setIf(&p.ClientID, o.ClientID)
	setIf(&p.RedirectURI, o.RedirectURI)
	setIf(&p.RoleARN, o.RoleARN)
	setIf(&p.ProviderARN, o.ProviderARN)
	setIf(&p.SAMLSSOURL, o.SAMLSSOURL)
	setIf(&p.SAMLEntityID, o.SAMLEntityID)
	setIf(&p.SAMLIdPMetadataURL, o.SAMLIdPMetadataURL)
	setIf(&p.IDCApplicationARN, o.IDCApplicationARN)
	setIf(&p.IDCRoleARN, o.IDCRoleARN)
	setIf(&p.IDCSourceProfile, o.IDCSourceProfile)
	setIf(&p.ApplicationID, o.ApplicationID)
	setIf(&p.KeyringBackend, o.KeyringBackend)
	if len(o.Scopes) > 0 {
		p.Scopes = append([]string(nil), o.Scopes...)
	}
	if o.DurationSeconds != 0 {
		p.DurationSeconds = o.DurationSeconds
	}
	if sub, ok := o.ByMode[p.Mode]; ok {
		sub.ByMode = nil
		p = p.Apply(sub)
	}
	return p
}

func setIf(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// WellKnownSuffix is stripped from OIDC_DISCOVERY_URL to get the issuer.
const WellKnownSuffix = "/.well-known/openid-configuration"

// FromEnv maps the environment onto overrides: QBIZ_* variables, the
// standard AWS ones, and the variable names of the AWS samples:
//
//	AWS_REGION (AWS_DEFAULT_REGION)  region
//	AWS_ENDPOINT_URL                 endpoint_url
//	Q_BUSINESS_APP_ID                qbiz_application_id
//	OIDC_CLIENT_ID (IDP_CLIENT_ID)   qbiz_client_id
//	OIDC_CLIENT_SECRET               client secret (token cache, never the file)
//	OIDC_DISCOVERY_URL               qbiz_issuer, minus /.well-known/openid-configuration
//	IDP_ISSUER_URL                   qbiz_issuer
//	OIDC_REDIRECT_URI                qbiz_redirect_uri (oidc, idc)
//	OIDC_ROLE_ARN                    qbiz_role_arn (oidc)
//	IDP_SSO_URL                      qbiz_saml_sso_url
//	IDP_ISSUER                       qbiz_saml_entity_id (the samples send it as the AuthnRequest Issuer)
//	CUSTOM_ACS_URL                   qbiz_redirect_uri (saml: the ACS URL)
//	WEB_EXPERIENCE_ROLE_ARN          qbiz_role_arn (saml)
//	IAM_IDENTITY_PROVIDER_ARN        qbiz_provider_arn
//	QBIZ_MODE, QBIZ_KEYRING_BACKEND  qbiz_mode, qbiz_keyring_backend
//
// Without QBIZ_MODE, OIDC_* variables hint mode oidc and IDP_SSO_URL hints
// saml; a hint never overrides a mode from the file.
func FromEnv(env Env) Overrides {
	g := env.Getenv
	o := Overrides{
		Region:         first(g("AWS_REGION"), g("AWS_DEFAULT_REGION")),
		EndpointURL:    g("AWS_ENDPOINT_URL"),
		ApplicationID:  g("Q_BUSINESS_APP_ID"),
		ClientID:       first(g("OIDC_CLIENT_ID"), g("IDP_CLIENT_ID")),
		ClientSecret:   logging.Secret(g("OIDC_CLIENT_SECRET")),
		Issuer:         first(issuerFromDiscovery(g("OIDC_DISCOVERY_URL")), g("IDP_ISSUER_URL")),
		SAMLSSOURL:     g("IDP_SSO_URL"),
		SAMLEntityID:   g("IDP_ISSUER"),
		ProviderARN:    g("IAM_IDENTITY_PROVIDER_ARN"),
		KeyringBackend: g("QBIZ_KEYRING_BACKEND"),
		ModeHint:       modeHint(g),
		ByMode:         byModeFromEnv(g),
	}
	o.Mode, _ = identity.ParseMode(g("QBIZ_MODE"))
	if n, err := strconv.ParseInt(g("QBIZ_DURATION_SECONDS"), 10, 32); err == nil {
		o.DurationSeconds = int32(n)
	}
	return o
}

func byModeFromEnv(g func(string) string) map[identity.Mode]Overrides {
	redirect := g("OIDC_REDIRECT_URI")
	m := map[identity.Mode]Overrides{
		identity.ModeOIDC: {RedirectURI: redirect, RoleARN: g("OIDC_ROLE_ARN")},
		identity.ModeIDC:  {RedirectURI: redirect},
		identity.ModeSAML: {RedirectURI: g("CUSTOM_ACS_URL"), RoleARN: g("WEB_EXPERIENCE_ROLE_ARN")},
	}
	for k, v := range m {
		if v.RedirectURI == "" && v.RoleARN == "" {
			delete(m, k)
		}
	}
	return m
}

func modeHint(g func(string) string) identity.Mode {
	oidc := g("OIDC_CLIENT_ID") != "" || g("OIDC_DISCOVERY_URL") != "" || g("OIDC_ROLE_ARN") != ""
	saml := g("IDP_SSO_URL") != "" || g("WEB_EXPERIENCE_ROLE_ARN") != ""
	switch {
	case oidc && !saml:
		return identity.ModeOIDC
	case saml && !oidc:
		return identity.ModeSAML
	}
	return ""
}

func issuerFromDiscovery(u string) string {
	return strings.TrimSuffix(strings.TrimSpace(u), WellKnownSuffix)
}

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
