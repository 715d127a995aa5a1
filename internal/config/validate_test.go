package config

import (
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

func validProfiles() map[identity.Mode]Profile {
	return map[identity.Mode]Profile{
		identity.ModeOIDC: goldenProfile(),
		identity.ModeSAML: {Name: "s", Region: "us-east-1", Mode: identity.ModeSAML,
			SAMLSSOURL: "https://idp.example.com/sso", SAMLIdPMetadataURL: "https://idp.example.com/metadata",
			RoleARN: "arn:aws:iam::123456789012:role/R", ProviderARN: "arn:aws:iam::123456789012:saml-provider/P"},
		identity.ModeIDC: {Name: "i", Region: "us-east-1", Mode: identity.ModeIDC,
			Issuer: "http://127.0.0.1:8080/idp/oidc", ClientID: "cli",
			IDCApplicationARN: "arn:aws:sso::123456789012:application/ssoins-1/apl-1",
			IDCRoleARN:        "arn:aws:iam::123456789012:role/R", IDCSourceProfile: "admin"},
	}
}

func TestValidateAcceptsValidProfiles(t *testing.T) {
	for m, p := range validProfiles() {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
}

func TestValidateNamesTheKey(t *testing.T) {
	tests := []struct {
		mode identity.Mode
		mut  func(*Profile)
		key  string
	}{
		{identity.ModeOIDC, func(p *Profile) { p.Issuer = "" }, KeyIssuer},
		{identity.ModeOIDC, func(p *Profile) { p.Issuer = "http://idp.example.com" }, KeyIssuer},
		{identity.ModeOIDC, func(p *Profile) { p.Issuer = "https://user:pw@idp.example.com" }, KeyIssuer},
		{identity.ModeOIDC, func(p *Profile) { p.ClientID = "" }, KeyClientID},
		{identity.ModeOIDC, func(p *Profile) { p.RoleARN = "arn:aws:iam::123:role/x" }, KeyRoleARN},
		{identity.ModeOIDC, func(p *Profile) { p.RoleARN = "arn:aws:iam::123456789012:user/x" }, KeyRoleARN},
		{identity.ModeOIDC, func(p *Profile) { p.Region = "" }, KeyRegion},
		{identity.ModeOIDC, func(p *Profile) { p.EndpointURL = "http://10.0.0.1:443" }, KeyEndpointURL},
		{identity.ModeOIDC, func(p *Profile) { p.ApplicationID = "nope" }, KeyApplicationID},
		{identity.ModeOIDC, func(p *Profile) { p.DurationSeconds = 60 }, KeyDurationSeconds},
		{identity.ModeOIDC, func(p *Profile) { p.KeyringBackend = "plaintext" }, KeyKeyringBackend},
		{identity.ModeOIDC, func(p *Profile) { p.Mode = "ldap" }, KeyMode},
		{identity.ModeSAML, func(p *Profile) { p.SAMLSSOURL = "" }, KeySAMLSSOURL},
		{identity.ModeSAML, func(p *Profile) { p.SAMLIdPMetadataURL = "" }, KeySAMLIdPMetadataURL},
		{identity.ModeSAML, func(p *Profile) { p.ProviderARN = "arn:aws:iam::123456789012:oidc-provider/x" }, KeyProviderARN},
		{identity.ModeIDC, func(p *Profile) { p.IDCApplicationARN = "" }, KeyIDCApplicationARN},
		{identity.ModeIDC, func(p *Profile) { p.IDCRoleARN = "x" }, KeyIDCRoleARN},
		{identity.ModeIDC, func(p *Profile) { p.IDCSourceProfile = "" }, KeyIDCSourceProfile},
		{identity.ModeIDC, func(p *Profile) { p.IDCSourceProfile = p.Name }, KeyIDCSourceProfile},
	}
	for _, tt := range tests {
		p := validProfiles()[tt.mode]
		tt.mut(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.key) {
			t.Errorf("%s %s: Validate = %v, want error naming %s", tt.mode, tt.key, err, tt.key)
		}
	}
}

func TestCredentialProcessCommandQuoting(t *testing.T) {
	tests := []struct{ exe, want string }{
		{"", "qbiz credentials --profile p"},
		{"/usr/local/bin/qbiz", "/usr/local/bin/qbiz credentials --profile p"},
		{"/Users/Jane Doe/bin/qbiz", "'/Users/Jane Doe/bin/qbiz' credentials --profile p"},
		{"/tmp/it's/qbiz", `'/tmp/it'\''s/qbiz' credentials --profile p`},
	}
	for _, tt := range tests {
		if got := quotePOSIX(orQbiz(tt.exe)) + " credentials --profile " + quotePOSIX("p"); got != tt.want {
			t.Errorf("command(%q) = %q, want %q", tt.exe, got, tt.want)
		}
	}
	if got := quoteWindows(`C:\Program Files\qbiz.exe`); got != `"C:\Program Files\qbiz.exe"` {
		t.Errorf("quoteWindows = %s", got)
	}
}

func orQbiz(s string) string {
	if s == "" {
		return "qbiz"
	}
	return s
}
