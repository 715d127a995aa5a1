package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/qbiz/qbiz/internal/identity"
)

// Keys of the AWS config file that qbiz reads and writes.
const (
	KeyCredentialProcess  = "credential_process"
	KeyRegion             = "region"
	KeyEndpointURL        = "endpoint_url"
	KeyMode               = "qbiz_mode"
	KeyIssuer             = "qbiz_issuer"
	KeyClientID           = "qbiz_client_id"
	KeyRedirectURI        = "qbiz_redirect_uri"
	KeyScopes             = "qbiz_scopes"
	KeyRoleARN            = "qbiz_role_arn"
	KeyProviderARN        = "qbiz_provider_arn"
	KeySAMLSSOURL         = "qbiz_saml_sso_url"
	KeySAMLEntityID       = "qbiz_saml_entity_id"
	KeySAMLIdPMetadataURL = "qbiz_saml_idp_metadata_url"
	KeyIDCApplicationARN  = "qbiz_idc_application_arn"
	KeyIDCRoleARN         = "qbiz_idc_role_arn"
	KeyIDCSourceProfile   = "qbiz_idc_source_profile"
	KeyApplicationID      = "qbiz_application_id"
	KeyDurationSeconds    = "qbiz_duration_seconds"
	KeyKeyringBackend     = "qbiz_keyring_backend"
	KeySessionPolicy      = "qbiz_session_policy"
)

// field maps one config key to a Profile field, in the order Save writes.
type field struct {
	key string
	get func(*Profile) string
	set func(*Profile, string) error
}

func strField(key string, ptr func(*Profile) *string) field {
	return field{
		key: key,
		get: func(p *Profile) string { return *ptr(p) },
		set: func(p *Profile, v string) error { *ptr(p) = v; return nil },
	}
}

var fields = []field{
	strField(KeyCredentialProcess, func(p *Profile) *string { return &p.CredentialProcess }),
	strField(KeyRegion, func(p *Profile) *string { return &p.Region }),
	strField(KeyEndpointURL, func(p *Profile) *string { return &p.EndpointURL }),
	{KeyMode, func(p *Profile) string { return string(p.Mode) }, setMode},
	strField(KeyIssuer, func(p *Profile) *string { return &p.Issuer }),
	strField(KeyClientID, func(p *Profile) *string { return &p.ClientID }),
	strField(KeyRedirectURI, func(p *Profile) *string { return &p.RedirectURI }),
	{KeyScopes, func(p *Profile) string { return strings.Join(p.Scopes, " ") }, setScopes},
	strField(KeyRoleARN, func(p *Profile) *string { return &p.RoleARN }),
	strField(KeyProviderARN, func(p *Profile) *string { return &p.ProviderARN }),
	strField(KeySAMLSSOURL, func(p *Profile) *string { return &p.SAMLSSOURL }),
	strField(KeySAMLEntityID, func(p *Profile) *string { return &p.SAMLEntityID }),
	strField(KeySAMLIdPMetadataURL, func(p *Profile) *string { return &p.SAMLIdPMetadataURL }),
	strField(KeyIDCApplicationARN, func(p *Profile) *string { return &p.IDCApplicationARN }),
	strField(KeyIDCRoleARN, func(p *Profile) *string { return &p.IDCRoleARN }),
	strField(KeyIDCSourceProfile, func(p *Profile) *string { return &p.IDCSourceProfile }),
	strField(KeyApplicationID, func(p *Profile) *string { return &p.ApplicationID }),
	{KeyDurationSeconds, getDuration, setDuration},
	strField(KeyKeyringBackend, func(p *Profile) *string { return &p.KeyringBackend }),
	strField(KeySessionPolicy, func(p *Profile) *string { return &p.SessionPolicy }),
}

func lookupField(key string) (field, bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

func setMode(p *Profile, v string) error {
	m, err := identity.ParseMode(v)
	if err != nil {
		return err
	}
	p.Mode = m
	return nil
}

func setScopes(p *Profile, v string) error {
	p.Scopes = strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	return nil
}

func getDuration(p *Profile) string {
	if p.DurationSeconds == 0 {
		return ""
	}
	return strconv.Itoa(int(p.DurationSeconds))
}

func setDuration(p *Profile, v string) error {
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return fmt.Errorf("not a number of seconds: %q", v)
	}
	p.DurationSeconds = int32(n)
	return nil
}
