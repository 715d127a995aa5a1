package config

import (
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

const (
	gwAppID  = "a1b2c3d4-5678-90ab-cdef-111111111111"
	gwRole   = "arn:aws:iam::123456789012:role/QBusinessWeb"
	gwIDCApp = "arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-2222222222222222"
)

// writeGatewayFile writes a config file (and a secret file it may name
// as SECRET_FILE) into a fresh directory.
func writeGatewayFile(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	secret := filepath.Join(dir, "idc.secret")
	if err := os.WriteFile(secret, []byte("idc-secret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(body, "SECRET_FILE", secret)), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "gateway", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadGatewayGolden(t *testing.T) {
	path := writeGatewayFile(t, readTestdata(t, "full.yaml"))
	g, err := LoadGateway(path, MapEnv{"OKTA_CLIENT_SECRET": "okta-secret-value"})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want := Gateway{
		Addr: "0.0.0.0:8080", PublicURL: "https://chat.example.com", Redis: "redis://redis.internal:6379/0",
		SessionKeyFile: "/etc/qbiz/session.key", IdleTimeout: 20 * time.Minute, AbsoluteTimeout: 8 * time.Hour,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")},
		AWSProfile:     "qbiz-gateway",
		IdPs: []GatewayIdP{
			{Name: "okta", Label: "Company SSO (OIDC)", ClientSecret: "okta-secret-value", Profile: Profile{
				Mode: identity.ModeOIDC, Issuer: "https://example.okta.com", ClientID: "0oa1example", RoleARN: gwRole,
				ApplicationID: gwAppID, Region: "us-east-1", Scopes: DefaultScopes, DurationSeconds: 3600}},
			{Name: "adfs", Label: "Company SSO (SAML)", Profile: Profile{
				Mode: identity.ModeSAML, SAMLSSOURL: "https://adfs.example.com/adfs/ls/",
				SAMLIdPMetadataURL: "https://adfs.example.com/FederationMetadata/2007-06/FederationMetadata.xml",
				RoleARN:            "arn:aws:iam::123456789012:role/QBusinessWebSAML",
				ProviderARN:        "arn:aws:iam::123456789012:saml-provider/adfs",
				ApplicationID:      "a1b2c3d4-5678-90ab-cdef-222222222222", Region: "us-east-1", Scopes: DefaultScopes,
				DurationSeconds: 7200}},
			{Name: "idc", ClientSecret: "idc-secret-value", Profile: Profile{
				Mode: identity.ModeIDC, Issuer: "https://example.okta.com", ClientID: "0oa2example",
				Scopes: []string{"openid", "email"}, IDCApplicationARN: gwIDCApp,
				IDCRoleARN: "arn:aws:iam::123456789012:role/QBusinessIDC", ApplicationID: "a1b2c3d4-5678-90ab-cdef-333333333333",
				Region: "us-east-1", DurationSeconds: 3600}},
		},
	}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("LoadGateway =\n%#v\nwant\n%#v", g, want)
	}
}

func TestLoadGatewayDefaults(t *testing.T) {
	g, err := LoadGateway(writeGatewayFile(t, minimalYAML), MapEnv{"S": "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	if g.Addr != "127.0.0.1:8000" || g.PublicURL != "http://127.0.0.1:8000" || g.IdleTimeout != 30*time.Minute ||
		g.AbsoluteTimeout != 12*time.Hour || g.Redis != "" || g.AllowIDPInitiated {
		t.Errorf("defaults: %+v", g)
	}
	if err := g.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

const minimalYAML = `identity_providers:
  - name: corp
    mode: oidc
    issuer: https://idp.example.com
    client_id: web
    client_secret_env: S
    role_arn: ` + gwRole + `
    application_id: ` + gwAppID + `
    region: us-east-1
`

func TestWithAddrMovesTheDefaultPublicURLOnly(t *testing.T) {
	g := Gateway{}.WithDefaults().WithAddr("127.0.0.1:0").WithAddr("127.0.0.1:41234")
	if g.PublicURL != "http://127.0.0.1:41234" || g.Addr != "127.0.0.1:41234" {
		t.Errorf("default public URL did not follow: %+v", g)
	}
	g = Gateway{PublicURL: "https://chat.example.com"}.WithDefaults().WithAddr("0.0.0.0:9000")
	if g.PublicURL != "https://chat.example.com" {
		t.Errorf("configured public URL changed: %s", g.PublicURL)
	}
}

func TestLoadGatewayFileErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key with line and suggestion", "addr: 127.0.0.1:8000\npublic_ulr: https://x.example.com\n",
			[]string{"line 2", `unknown key "public_ulr"`, `did you mean "public_url"?`}},
		{"unknown identity provider key", "identity_providers:\n  - name: a\n    isuer: https://x\n",
			[]string{"line 3", `unknown key "isuer"`, `"issuer"`}},
		{"inline client secret", "identity_providers:\n  - name: a\n    client_secret: hunter2\n",
			[]string{"line 3", "client_secret: a secret is never written in the config file", "client_secret_env", "client_secret_file"}},
		{"bad duration", "idle_timeout: soon\n", []string{"line 1", "soon"}},
		{"bad proxy", "trusted_proxies: [10.0.0.0/33]\n", []string{"trusted_proxies", "10.0.0.0/33", "CIDR"}},
		{"bad mode", "identity_providers:\n  - name: a\n    mode: ldap\n", []string{"line 2", "ldap", "oidc, saml or idc"}},
		{"not a mapping", "- a\n- b\n", []string{"line 1", "mapping"}},
		{"idp not a mapping", "identity_providers:\n  - okta\n", []string{"line 2", "mapping"}},
		{"syntax", "addr: [\n", []string{"gateway.yaml"}},
		{"secret env unset", "identity_providers:\n  - name: a\n    client_secret_env: NOPE\n",
			[]string{"line 2", "NOPE is empty or not set"}},
		{"secret env and file", "identity_providers:\n  - name: a\n    client_secret_env: A\n    client_secret_file: /x\n",
			[]string{"give one of them"}},
		{"secret file missing", "identity_providers:\n  - name: a\n    client_secret_file: /nonexistent/secret\n",
			[]string{"/nonexistent/secret does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadGateway(writeGatewayFile(t, tt.yaml), MapEnv{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}

func TestLoadGatewayMissingFile(t *testing.T) {
	if _, err := LoadGateway(filepath.Join(t.TempDir(), "nope.yaml"), MapEnv{}); err == nil ||
		!strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("err = %v", err)
	}
}

func TestSecretFileReadableByOthersRefused(t *testing.T) {
	path := writeGatewayFile(t, "identity_providers:\n  - name: a\n    client_secret_file: SECRET_FILE\n")
	secret := filepath.Join(filepath.Dir(path), "idc.secret")
	if err := os.Chmod(secret, 0o640); err != nil {
		t.Fatal(err)
	}
	_, err := LoadGateway(path, MapEnv{})
	if err == nil || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), "idc-secret-value") {
		t.Errorf("err = %v", err)
	}
	if err := os.Chmod(secret, 0o600); err != nil {
		t.Fatal(err)
	}
	g, err := LoadGateway(path, MapEnv{})
	if err != nil || g.IdPs[0].ClientSecret.Reveal() != "idc-secret-value" {
		t.Errorf("0600: %v %v", g, err)
	}
}

// validGateway passes Validate; each case below breaks one thing.
func validGateway() Gateway {
	return Gateway{IdPs: []GatewayIdP{
		{Name: "corp", ClientSecret: "s", Profile: Profile{Mode: identity.ModeOIDC, Issuer: "https://idp.example.com",
			ClientID: "web", RoleARN: gwRole, ApplicationID: gwAppID, Region: "us-east-1"}},
		{Name: "saml", Profile: Profile{Mode: identity.ModeSAML, SAMLSSOURL: "https://idp.example.com/sso",
			SAMLIdPMetadataURL: "https://idp.example.com/md", RoleARN: gwRole,
			ProviderARN: "arn:aws:iam::123456789012:saml-provider/corp", ApplicationID: gwAppID, Region: "us-east-1"}},
		{Name: "idc", ClientSecret: "s", Profile: Profile{Mode: identity.ModeIDC, Issuer: "https://idp.example.com",
			ClientID: "web", IDCApplicationARN: gwIDCApp, IDCRoleARN: gwRole, ApplicationID: gwAppID, Region: "us-east-1"}},
	}}.WithDefaults()
}

func TestGatewayValidate(t *testing.T) {
	if err := validGateway().Validate(); err != nil {
		t.Fatalf("valid gateway: %v", err)
	}
	tests := []struct {
		name   string
		mutate func(*Gateway)
		want   string
	}{
		{"no identity provider", func(g *Gateway) { g.IdPs = nil }, "no identity provider configured"},
		{"duplicate names", func(g *Gateway) { g.IdPs[2].Name = "corp" }, `name "corp" is used twice`},
		{"bad name", func(g *Gateway) { g.IdPs[0].Name = "a b" }, `name: "a b": use letters`},
		{"oidc without issuer", func(g *Gateway) { g.IdPs[0].Profile.Issuer = "" }, `"corp": issuer is required`},
		{"oidc without role", func(g *Gateway) { g.IdPs[0].Profile.RoleARN = "" }, "role_arn is required"},
		{"saml without metadata", func(g *Gateway) { g.IdPs[1].Profile.SAMLIdPMetadataURL = "" }, "saml_idp_metadata_url is required"},
		{"saml without provider", func(g *Gateway) { g.IdPs[1].Profile.ProviderARN = "" }, "provider_arn is required"},
		{"idc without application arn", func(g *Gateway) { g.IdPs[2].Profile.IDCApplicationARN = "" }, "idc_application_arn is required"},
		{"no mode", func(g *Gateway) { g.IdPs[0].Profile.Mode = "" }, `mode: "", want oidc, saml or idc`},
		{"no region", func(g *Gateway) { g.IdPs[0].Profile.Region = "" }, "region is required"},
		{"no application", func(g *Gateway) { g.IdPs[1].Profile.ApplicationID = "" }, "application_id is required"},
		{"oidc without secret", func(g *Gateway) { g.IdPs[0].ClientSecret = "" }, "client_secret_env or client_secret_file"},
		{"idc without secret", func(g *Gateway) { g.IdPs[2].ClientSecret = "" }, "client_secret_env or client_secret_file"},
		{"issuer over http", func(g *Gateway) { g.IdPs[0].Profile.Issuer = "http://idp.example.com" }, "http only for loopback"},
		{"label with newline", func(g *Gateway) { g.IdPs[0].Label = "a\nb" }, "label: control characters"},
		{"bad addr", func(g *Gateway) { g.Addr = "8000" }, `addr: "8000": want HOST:PORT`},
		{"public url with path", func(g *Gateway) { g.PublicURL = "https://chat.example.com/app" }, "without path, query or fragment"},
		{"public url with query", func(g *Gateway) { g.PublicURL = "https://chat.example.com?x=1" }, "without path, query or fragment"},
		{"public url http elsewhere", func(g *Gateway) { g.PublicURL = "http://chat.example.com" }, "http only for a loopback host"},
		{"public url relative", func(g *Gateway) { g.PublicURL = "chat.example.com" }, "want an origin"},
		{"public url ftp", func(g *Gateway) { g.PublicURL = "ftp://chat.example.com" }, "want https://HOST"},
		{"public url credentials", func(g *Gateway) { g.PublicURL = "https://u:p@chat.example.com" }, "want an origin"},
		{"redis scheme", func(g *Gateway) { g.Redis = "http://:pw@redis:6379" }, "redis: not a Redis URL"},
		{"idle zero", func(g *Gateway) { g.IdleTimeout = -time.Second }, "idle_timeout: -1s"},
		{"absolute zero", func(g *Gateway) { g.AbsoluteTimeout = -time.Second }, "absolute_timeout: -1s"},
		{"idle over absolute", func(g *Gateway) { g.IdleTimeout = 13 * time.Hour }, "longer than absolute_timeout"},
		{"invalid proxy", func(g *Gateway) { g.TrustedProxies = []netip.Prefix{{}} }, "trusted_proxies[0]"},
		{"bad aws profile", func(g *Gateway) { g.AWSProfile = "a b" }, "aws_profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := validGateway()
			g.IdPs = append([]GatewayIdP(nil), g.IdPs...)
			tt.mutate(&g)
			err := g.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "qbiz_") {
				t.Errorf("error names a config-file key, not the YAML one: %v", err)
			}
			if strings.Contains(err.Error(), ":pw@") {
				t.Errorf("error shows the Redis password: %v", err)
			}
		})
	}
}

func TestGatewayPublicURLLoopbackHTTP(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8000", "http://localhost:8000/", "http://[::1]:8000", "https://chat.example.com"} {
		g := validGateway()
		g.PublicURL = u
		if err := g.Validate(); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

// The environment names of the seed samples describe one identity
// provider when there is no config file.
func TestLoadGatewaySeedEnvNames(t *testing.T) {
	tests := []struct {
		name string
		env  MapEnv
		want GatewayIdP
	}{
		{"oidcapp.py", MapEnv{"OIDC_CLIENT_ID": "web", "OIDC_CLIENT_SECRET": "s1",
			"OIDC_DISCOVERY_URL": "https://idp.example.com/.well-known/openid-configuration",
			"OIDC_ROLE_ARN":      gwRole, "Q_BUSINESS_APP_ID": gwAppID, "AWS_DEFAULT_REGION": "eu-west-1"},
			GatewayIdP{Name: "oidc", ClientSecret: "s1", Profile: Profile{Mode: identity.ModeOIDC,
				Issuer: "https://idp.example.com", ClientID: "web", RoleARN: gwRole, ApplicationID: gwAppID,
				Region: "eu-west-1"}}},
		{"samlapp.py", MapEnv{"IDP_SSO_URL": "https://idp.example.com/sso", "IDP_ISSUER": "urn:example:sp",
			"WEB_EXPERIENCE_ROLE_ARN":   gwRole,
			"IAM_IDENTITY_PROVIDER_ARN": "arn:aws:iam::123456789012:saml-provider/corp",
			"Q_BUSINESS_APP_ID":         gwAppID, "AWS_REGION": "us-east-1"},
			GatewayIdP{Name: "saml", Profile: Profile{Mode: identity.ModeSAML, SAMLSSOURL: "https://idp.example.com/sso",
				SAMLEntityID: "urn:example:sp", RoleARN: gwRole,
				ProviderARN: "arn:aws:iam::123456789012:saml-provider/corp", ApplicationID: gwAppID, Region: "us-east-1"}}},
		{"TIP Flask app .env", MapEnv{"issuer_url": "https://idp.example.com", "client_id": "web",
			"client_secret": "s2", "idc_provider_apl_arn": gwIDCApp, "qb_sts_role": gwRole, "qb_apl_id": gwAppID,
			"region_name": "us-west-2", EnvServeIdPLabel: "Company SSO"},
			GatewayIdP{Name: "idc", Label: "Company SSO", ClientSecret: "s2", Profile: Profile{Mode: identity.ModeIDC,
				Issuer: "https://idp.example.com", ClientID: "web", IDCApplicationARN: gwIDCApp, IDCRoleARN: gwRole,
				ApplicationID: gwAppID, Region: "us-west-2"}}},
		{"create-iam-oidc-qbiz-app.py", MapEnv{"QBIZ_MODE": "oidc", "IDP_CLIENT_ID": "web", "IDP_ISSUER_URL": "https://idp.example.com",
			EnvServeIdPName: "okta"},
			GatewayIdP{Name: "okta", Profile: Profile{Mode: identity.ModeOIDC, Issuer: "https://idp.example.com", ClientID: "web"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := LoadGateway("", tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if len(g.IdPs) != 1 {
				t.Fatalf("IdPs = %+v", g.IdPs)
			}
			want := Gateway{IdPs: []GatewayIdP{tt.want}}.WithDefaults().IdPs[0]
			if got := g.IdPs[0]; !reflect.DeepEqual(got, want) {
				t.Errorf("IdP =\n%#v\nwant\n%#v", got, want)
			}
		})
	}
}

func TestLoadGatewayRegionAloneMakesNoIdP(t *testing.T) {
	g, err := LoadGateway("", MapEnv{"AWS_REGION": "us-east-1", "region_name": "us-east-1"})
	if err != nil || len(g.IdPs) != 0 {
		t.Fatalf("IdPs = %+v, %v", g.IdPs, err)
	}
	if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "no identity provider") {
		t.Errorf("Validate = %v", err)
	}
}

// Precedence: environment over file over defaults (flags are the
// command's, over all three).
func TestLoadGatewayEnvOverFile(t *testing.T) {
	path := writeGatewayFile(t, "addr: 127.0.0.1:9000\nredis: redis://file:6379\n"+minimalYAML)
	env := MapEnv{"S": "from-file-env", EnvServeRedis: "redis://env:6379", EnvServeTrustedProxies: "10.1.0.0/16, 10.2.0.1",
		"AWS_REGION": "eu-central-1", "OIDC_CLIENT_SECRET": "from-env", "OIDC_CLIENT_ID": "env-client"}
	g, err := LoadGateway(path, env)
	if err != nil {
		t.Fatal(err)
	}
	p := g.IdPs[0]
	if g.Addr != "127.0.0.1:9000" || g.PublicURL != "http://127.0.0.1:9000" || g.Redis != "redis://env:6379" ||
		len(g.TrustedProxies) != 2 || p.Profile.Region != "eu-central-1" || p.Profile.ClientID != "env-client" ||
		p.ClientSecret != logging.Secret("from-env") || p.Name != "corp" {
		t.Errorf("got %+v", g)
	}
}

func TestLoadGatewayEnvWithSeveralIdPs(t *testing.T) {
	path := writeGatewayFile(t, readTestdata(t, "full.yaml"))
	g, err := LoadGateway(path, MapEnv{"OKTA_CLIENT_SECRET": "x", "AWS_REGION": "eu-west-1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.IdPs {
		if p.Profile.Region != "eu-west-1" {
			t.Errorf("%s region %s", p.Name, p.Profile.Region)
		}
	}
	_, err = LoadGateway(path, MapEnv{"OKTA_CLIENT_SECRET": "x", "OIDC_ROLE_ARN": gwRole})
	if err == nil || !strings.Contains(err.Error(), "OIDC_ROLE_ARN set, but the config file names 3 identity providers") {
		t.Errorf("err = %v", err)
	}
}
