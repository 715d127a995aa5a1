package config

import (
	"github.com/qbiz/qbiz/internal/identity"
)

// Profile is one qbiz profile of the AWS config file. It holds no secrets.
type Profile struct {
	Name              string
	CredentialProcess string
	Region            string
	EndpointURL       string

	Mode     identity.Mode
	Issuer   string
	ClientID string
	// RedirectURI is the loopback redirect URI (OIDC, Identity Center) or
	// ACS URL (SAML) fixed in advance that qbiz login listens at exactly,
	// for IdPs that compare it exactly; empty: a port picked at each login.
	RedirectURI string
	Scopes      []string

	RoleARN     string
	ProviderARN string

	SAMLSSOURL         string
	SAMLEntityID       string // our SP entity id (AuthnRequest Issuer)
	SAMLIdPMetadataURL string

	IDCApplicationARN string
	IDCRoleARN        string
	IDCSourceProfile  string // profile whose credentials sign CreateTokenWithIAM

	ApplicationID   string
	DurationSeconds int32
	KeyringBackend  string
	// SessionPolicy narrows every credential the profile hands out: a
	// named scope (qbusiness:read…) or an inline JSON session policy.
	SessionPolicy string
}

// DefaultScopes are requested when a profile names none.
var DefaultScopes = []string{"openid", "email", "profile", "offline_access"}

// DefaultDurationSeconds is the role session length when a profile names
// none.
const DefaultDurationSeconds = 3600

// IsQbiz reports whether the profile is managed by qbiz (has qbiz_mode).
func (p Profile) IsQbiz() bool { return p.Mode != "" }

// WithDefaults fills the settings a profile may leave out.
func (p Profile) WithDefaults() Profile {
	if len(p.Scopes) == 0 {
		p.Scopes = append([]string(nil), DefaultScopes...)
	}
	if p.DurationSeconds == 0 {
		p.DurationSeconds = DefaultDurationSeconds
	}
	if p.CredentialProcess == "" && p.Name != "" {
		p.CredentialProcess = CredentialProcessCommand("", p.Name)
	}
	return p
}
