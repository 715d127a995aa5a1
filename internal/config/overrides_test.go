package config

import (
	"reflect"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

func TestFromEnvSampleNames(t *testing.T) {
	env := MapEnv{
		"AWS_REGION":         "us-west-2",
		"Q_BUSINESS_APP_ID":  "app",
		"OIDC_CLIENT_ID":     "cid",
		"OIDC_CLIENT_SECRET": "csecret",
		"OIDC_DISCOVERY_URL": "https://idp.example.com/realms/x/.well-known/openid-configuration",
		"OIDC_REDIRECT_URI":  "http://localhost:8000/auth/oidc/callback",
		"OIDC_ROLE_ARN":      "arn:aws:iam::123456789012:role/Oidc",
	}
	o := FromEnv(env)
	got := Profile{Name: "p"}.Apply(o)
	want := Profile{Name: "p", Mode: identity.ModeOIDC, Region: "us-west-2", ApplicationID: "app",
		ClientID: "cid", Issuer: "https://idp.example.com/realms/x",
		RedirectURI: "http://localhost:8000/auth/oidc/callback", RoleARN: "arn:aws:iam::123456789012:role/Oidc"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Apply(FromEnv) =\n%+v\nwant\n%+v", got, want)
	}
	if o.ClientSecret.Reveal() != "csecret" {
		t.Errorf("ClientSecret = %q", o.ClientSecret.Reveal())
	}
}

func TestFromEnvSAMLSample(t *testing.T) {
	env := MapEnv{
		"IDP_SSO_URL":               "https://idp.example.com/sso",
		"IDP_ISSUER":                "urn:qbiz:sp",
		"CUSTOM_ACS_URL":            "http://localhost:8000/saml",
		"WEB_EXPERIENCE_ROLE_ARN":   "arn:aws:iam::123456789012:role/Web",
		"IAM_IDENTITY_PROVIDER_ARN": "arn:aws:iam::123456789012:saml-provider/idp",
		"OIDC_ROLE_ARN":             "arn:aws:iam::123456789012:role/NotThisOne",
		"QBIZ_MODE":                 "saml",
	}
	got := Profile{Name: "p"}.Apply(FromEnv(env))
	want := Profile{Name: "p", Mode: identity.ModeSAML, SAMLSSOURL: "https://idp.example.com/sso",
		SAMLEntityID: "urn:qbiz:sp", RedirectURI: "http://localhost:8000/saml",
		RoleARN: "arn:aws:iam::123456789012:role/Web", ProviderARN: "arn:aws:iam::123456789012:saml-provider/idp"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Apply(FromEnv) =\n%+v\nwant\n%+v", got, want)
	}
}

func TestPrecedence(t *testing.T) {
	file := Profile{Name: "p", Mode: identity.ModeIDC, Region: "file-region", ClientID: "file-cid", ApplicationID: "file-app"}
	env := FromEnv(MapEnv{"AWS_REGION": "env-region", "OIDC_CLIENT_ID": "env-cid", "OIDC_ROLE_ARN": "arn:aws:iam::1:role/x"})
	flags := Overrides{ClientID: "flag-cid"}
	got := Resolve(file, env, flags)
	tests := []struct{ name, got, want string }{
		{"mode hint does not override file", string(got.Mode), "idc"},
		{"env over file", got.Region, "env-region"},
		{"flags over env", got.ClientID, "flag-cid"},
		{"file kept", got.ApplicationID, "file-app"},
		{"oidc-only role ignored in idc", got.RoleARN, ""},
		{"default scopes", got.Scopes[0], "openid"},
		{"default credential_process", got.CredentialProcess, "qbiz credentials --profile p"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if got.DurationSeconds != DefaultDurationSeconds {
		t.Errorf("DurationSeconds = %d", got.DurationSeconds)
	}
}

func TestIssuerFromDiscovery(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/.well-known/openid-configuration":             "https://a.example",
		"https://a.example/tenant/v2.0/.well-known/openid-configuration": "https://a.example/tenant/v2.0",
		"https://a.example": "https://a.example",
		"":                  "",
	} {
		if got := issuerFromDiscovery(in); got != want {
			t.Errorf("issuerFromDiscovery(%q) = %q, want %q", in, got, want)
		}
	}
}
