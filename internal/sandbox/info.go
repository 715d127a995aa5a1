package sandbox

import (
	"fmt"
	"strings"
)

// Info describes the sandbox world; GET /sandbox/info serves it as JSON.
type Info struct {
	Region           string        `json:"region"`
	Account          string        `json:"account"`
	Endpoint         string        `json:"endpoint"`
	OIDC             OIDCInfo      `json:"oidc"`
	SAML             SAMLInfo      `json:"saml"`
	Users            []UserInfo    `json:"users"`
	AdminCredentials AdminCreds    `json:"admin_credentials"`
	Applications     []Application `json:"applications"`
	// CABundle is the PEM path clients pass as AWS_CA_BUNDLE (TLS only).
	CABundle string `json:"ca_bundle,omitempty"`
	// IDCJWKSURL serves the keys of the emulated Identity Center token issuer.
	IDCJWKSURL string `json:"idc_jwks_url"`
}

// OIDCInfo is the emulated OIDC provider.
type OIDCInfo struct {
	Issuer  string       `json:"issuer"`
	Clients []ClientInfo `json:"clients"`
}

// ClientInfo is one registered OIDC client.
type ClientInfo struct {
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	RedirectURIs []string `json:"redirect_uris"`
}

// SAMLInfo is the emulated SAML IdP.
type SAMLInfo struct {
	EntityID    string `json:"entity_id"`
	MetadataURL string `json:"metadata_url"`
	SSOURL      string `json:"sso_url"`
	// SPEntityID is the service provider entity id registered for qbiz.
	SPEntityID string `json:"sp_entity_id"`
}

// UserInfo is one directory user.
type UserInfo struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	Email    string   `json:"email"`
	Groups   []string `json:"groups"`
}

// AdminCreds are the sandbox administrator's long-term keys.
type AdminCreds struct {
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
}

// Application is one provisioned Q Business application.
type Application struct {
	Mode              string `json:"mode"`
	ApplicationID     string `json:"application_id"`
	IndexID           string `json:"index_id"`
	RoleARN           string `json:"role_arn"`
	ProviderARN       string `json:"provider_arn,omitempty"`
	ClientID          string `json:"client_id,omitempty"`
	IDCApplicationARN string `json:"idc_application_arn,omitempty"`
}

// AWSConfig renders the ~/.aws/config profiles a client needs, one per mode.
func (i Info) AWSConfig() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# qbiz sandbox at %s (account %s)\n", i.Endpoint, i.Account)
	if i.AdminCredentials.AccessKeyID != "" {
		// The administrator's keys (the Identity Center application's own
		// credentials) come from the sandbox at run time, never from a file.
		fmt.Fprintf(&b, "\n[profile qbiz-sandbox-admin]\ncredential_process = qbiz sandbox credentials --endpoint %s\n", i.Endpoint)
		fmt.Fprintf(&b, "region = %s\nendpoint_url = %s\n", i.Region, i.Endpoint)
	}
	for _, app := range i.Applications {
		i.writeProfile(&b, app)
	}
	return b.String()
}

func (i Info) writeProfile(b *strings.Builder, app Application) {
	name := "qbiz-sandbox-" + app.Mode
	fmt.Fprintf(b, "\n[profile %s]\n", name)
	fmt.Fprintf(b, "credential_process = qbiz credentials --profile %s\n", name)
	fmt.Fprintf(b, "region = %s\nendpoint_url = %s\n", i.Region, i.Endpoint)
	kv := [][2]string{
		{"qbiz_mode", app.Mode},
		{"qbiz_application_id", app.ApplicationID},
		{"qbiz_role_arn", app.RoleARN},
	}
	switch app.Mode {
	case "oidc":
		kv = append(kv, [2]string{"qbiz_issuer", i.OIDC.Issuer}, [2]string{"qbiz_client_id", app.ClientID}, [2]string{"qbiz_provider_arn", app.ProviderARN})
	case "saml":
		kv = append(kv, [2]string{"qbiz_saml_sso_url", i.SAML.SSOURL}, [2]string{"qbiz_saml_idp_metadata_url", i.SAML.MetadataURL},
			[2]string{"qbiz_saml_entity_id", i.SAML.SPEntityID}, [2]string{"qbiz_provider_arn", app.ProviderARN})
	case "idc":
		kv = append(kv, [2]string{"qbiz_issuer", i.OIDC.Issuer}, [2]string{"qbiz_client_id", app.ClientID},
			[2]string{"qbiz_idc_application_arn", app.IDCApplicationARN}, [2]string{"qbiz_idc_source_profile", "qbiz-sandbox-admin"})
	}
	for _, p := range kv {
		if p[1] != "" {
			fmt.Fprintf(b, "%s = %s\n", p[0], p[1])
		}
	}
}

// App returns the application provisioned for mode (oidc, saml or idc).
func (i Info) App(mode string) (Application, bool) {
	for _, a := range i.Applications {
		if a.Mode == mode {
			return a, true
		}
	}
	return Application{}, false
}

// User returns the directory user named username.
func (i Info) User(username string) (UserInfo, bool) {
	for _, u := range i.Users {
		if u.Username == username {
			return u, true
		}
	}
	return UserInfo{}, false
}
