package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
)

// SandboxAdminProfile holds the sandbox's application credentials, which
// sign Identity Center's CreateTokenWithIAM and AssumeRole.
const SandboxAdminProfile = "qbiz-sandbox-admin"

// sandboxInfo is the part of GET /sandbox/info that configure reads.
type sandboxInfo struct {
	Region   string `json:"region"`
	Endpoint string `json:"endpoint"`
	OIDC     struct {
		Issuer string `json:"issuer"`
	} `json:"oidc"`
	SAML struct {
		MetadataURL string `json:"metadata_url"`
		SSOURL      string `json:"sso_url"`
		SPEntityID  string `json:"sp_entity_id"`
	} `json:"saml"`
	Admin struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
	} `json:"admin_credentials"`
	Applications []struct {
		Mode              string `json:"mode"`
		ApplicationID     string `json:"application_id"`
		RoleARN           string `json:"role_arn"`
		ProviderARN       string `json:"provider_arn"`
		ClientID          string `json:"client_id"`
		IDCApplicationARN string `json:"idc_application_arn"`
	} `json:"applications"`
}

// configureFromSandbox writes one profile per sandbox application and the
// admin profile the Identity Center one signs with.
func (a *app) configureFromSandbox(ctx context.Context, base string) error {
	info, err := a.fetchSandboxInfo(ctx, base)
	if err != nil {
		return err
	}
	if err := writeSharedCredentials(a.credentialsFile(), SandboxAdminProfile, info.Admin.AccessKeyID, info.Admin.SecretAccessKey); err != nil {
		return fmt.Errorf("write %s credentials: %w", SandboxAdminProfile, err)
	}
	for _, p := range info.profiles() {
		if err := a.saveProfile(p, ""); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) fetchSandboxInfo(ctx context.Context, base string) (sandboxInfo, error) {
	var info sandboxInfo
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+"/sandbox/info", nil)
	if err != nil {
		return info, usageError{fmt.Errorf("--from-sandbox: %w", err)}
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return info, fmt.Errorf("read sandbox info: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return info, fmt.Errorf("read sandbox info: %s", resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&info); err != nil {
		return info, fmt.Errorf("read sandbox info: %w", err)
	}
	return info, nil
}

func (i sandboxInfo) profiles() []config.Profile {
	var out []config.Profile
	for _, app := range i.Applications {
		m, err := identity.ParseMode(app.Mode)
		if err != nil {
			continue
		}
		p := config.Profile{Name: "qbiz-sandbox-" + app.Mode, Mode: m, Region: i.Region, EndpointURL: i.Endpoint,
			ApplicationID: app.ApplicationID, RoleARN: app.RoleARN, ProviderARN: app.ProviderARN}
		switch m {
		case identity.ModeOIDC:
			p.Issuer, p.ClientID = i.OIDC.Issuer, app.ClientID
		case identity.ModeSAML:
			p.SAMLSSOURL, p.SAMLIdPMetadataURL, p.SAMLEntityID = i.SAML.SSOURL, i.SAML.MetadataURL, i.SAML.SPEntityID
		case identity.ModeIDC:
			p.Issuer, p.ClientID, p.IDCApplicationARN = i.OIDC.Issuer, app.ClientID, app.IDCApplicationARN
			p.IDCRoleARN, p.RoleARN, p.ProviderARN, p.IDCSourceProfile = app.RoleARN, "", "", SandboxAdminProfile
		}
		out = append(out, p.WithDefaults())
	}
	return out
}
