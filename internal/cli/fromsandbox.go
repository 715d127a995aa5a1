package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
)

// SandboxAdminProfile holds the sandbox's application credentials, which
// sign Identity Center's CreateTokenWithIAM and AssumeRole. Its
// credential_process runs qbiz sandbox credentials, so no key is written.
const SandboxAdminProfile = "qbiz-sandbox-admin"

// sandboxStartWait bounds the wait for a sandbox still building its world.
const sandboxStartWait = 30 * time.Second

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
// admin profile the Identity Center one signs with. A world without
// applications is an error: there would be nothing to sign in to.
func (a *app) configureFromSandbox(ctx context.Context, base string) error {
	info, err := a.fetchSandboxInfo(ctx, base)
	if err != nil {
		return err
	}
	if len(info.Applications) == 0 {
		return withHint(fmt.Errorf("the sandbox at %s has no applications, so there is no profile to write", base),
			"start it with --scenario demo (--scenario empty provisions nothing)")
	}
	if err := a.saveSandboxAdmin(info); err != nil {
		return err
	}
	for _, p := range info.profiles() {
		if err := a.saveProfile(p, ""); err != nil {
			return err
		}
		a.reportProfile(p)
	}
	return nil
}

// saveSandboxAdmin writes the admin profile, whose credential_process asks
// the sandbox for its keys, and drops the plaintext keys earlier versions
// wrote to the shared credentials file.
func (a *app) saveSandboxAdmin(info sandboxInfo) error {
	p := config.Profile{Name: SandboxAdminProfile, Region: info.Region, EndpointURL: info.Endpoint,
		CredentialProcess: config.CommandLine(a.executable(), "sandbox", "credentials", "--endpoint", info.Endpoint)}
	if err := config.SaveSource(a.cfgEnv(), p); err != nil {
		return err
	}
	path := a.credentialsFile()
	removed, err := removeSharedCredentials(path, SandboxAdminProfile)
	if err != nil {
		return fmt.Errorf("remove the old [%s] keys from %s: %w", SandboxAdminProfile, path, err)
	}
	if removed {
		fmt.Fprintf(a.env.Stderr, "Removed the plaintext [%s] keys an earlier qbiz wrote to %s.\n", SandboxAdminProfile, path)
	}
	fmt.Fprintf(a.env.Stderr, "Wrote profile %s: its credential_process asks the sandbox for the administrator's keys; no key is written.\n", SandboxAdminProfile)
	return nil
}

// fetchSandboxInfo reads base/sandbox/info, waiting (at most
// sandboxStartWait) while the sandbox answers 503 because it is still
// building its world.
func (a *app) fetchSandboxInfo(ctx context.Context, base string) (sandboxInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, sandboxStartWait)
	defer cancel()
	u := strings.TrimRight(base, "/") + "/sandbox/info"
	for told := false; ; told = true {
		info, wait, err := a.getSandboxInfo(ctx, u)
		if err != nil || wait < 0 {
			return info, err
		}
		if !told {
			fmt.Fprintf(a.env.Stderr, "The sandbox at %s is still building its world; waiting…\n", base)
		}
		select {
		case <-ctx.Done():
			return info, fmt.Errorf("read sandbox info: the sandbox at %s was still starting after %s", base, sandboxStartWait)
		case <-time.After(wait):
		}
	}
}

// getSandboxInfo makes one request; wait >= 0 asks to retry after it.
func (a *app) getSandboxInfo(ctx context.Context, u string) (info sandboxInfo, wait time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return info, -1, usageError{fmt.Errorf("--from-sandbox: %w", err)}
	}
	resp, err := a.http.Do(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return info, -1, fmt.Errorf("read sandbox info: no answer from %s within %s", u, sandboxStartWait)
		}
		return info, -1, fmt.Errorf("read sandbox info: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusServiceUnavailable:
		return info, retryAfter(resp.Header.Get("Retry-After")), nil
	default:
		return info, -1, fmt.Errorf("read sandbox info: GET %s answered %s: is it a qbiz sandbox?", u, resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&info); err != nil {
		return info, -1, fmt.Errorf("read sandbox info: %w", err)
	}
	return info, -1, nil
}

// retryAfter reads a Retry-After of whole seconds: 1 s when absent or
// unreadable, at most 5 s.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return time.Second
	}
	return min(time.Duration(n)*time.Second, 5*time.Second)
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
