package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/qbiz/qbiz/internal/identity"
)

// gatewayFile is the YAML form of Gateway:
//
//	addr: 127.0.0.1:8000
//	public_url: https://chat.example.com
//	redis: redis://redis.internal:6379/0
//	session_key_file: /etc/qbiz/session.key
//	idle_timeout: 30m
//	absolute_timeout: 12h
//	trusted_proxies: [10.0.0.0/8]
//	aws_profile: qbiz-gateway
//	identity_providers:
//	  - name: okta
//	    label: Company SSO
//	    mode: oidc
//	    issuer: https://example.okta.com
//	    client_id: 0oa…
//	    client_secret_file: /etc/qbiz/okta.secret
//	    role_arn: arn:aws:iam::123456789012:role/QBusinessWeb
//	    application_id: …
//	    region: us-east-1
//	    max_age: 8h
type gatewayFile struct {
	Addr              string        `yaml:"addr"`
	PublicURL         string        `yaml:"public_url"`
	Redis             string        `yaml:"redis"`
	SessionKeyFile    string        `yaml:"session_key_file"`
	IdleTimeout       time.Duration `yaml:"idle_timeout"`
	AbsoluteTimeout   time.Duration `yaml:"absolute_timeout"`
	TrustedProxies    []string      `yaml:"trusted_proxies"`
	AllowIDPInitiated bool          `yaml:"allow_idp_initiated"`
	AWSProfile        string        `yaml:"aws_profile"`
	IdPs              []idpFile     `yaml:"identity_providers"`
}

// idpFile is one identity provider of the YAML file. Its keys are the
// profile's, without the qbiz_ prefix.
type idpFile struct {
	Name               string        `yaml:"name"`
	Label              string        `yaml:"label"`
	Mode               string        `yaml:"mode"`
	Region             string        `yaml:"region"`
	EndpointURL        string        `yaml:"endpoint_url"`
	Issuer             string        `yaml:"issuer"`
	ClientID           string        `yaml:"client_id"`
	ClientSecretEnv    string        `yaml:"client_secret_env"`
	ClientSecretFile   string        `yaml:"client_secret_file"`
	Scopes             []string      `yaml:"scopes"`
	RoleARN            string        `yaml:"role_arn"`
	ProviderARN        string        `yaml:"provider_arn"`
	SAMLSSOURL         string        `yaml:"saml_sso_url"`
	SAMLEntityID       string        `yaml:"saml_entity_id"`
	SAMLIdPMetadataURL string        `yaml:"saml_idp_metadata_url"`
	IDCApplicationARN  string        `yaml:"idc_application_arn"`
	IDCRoleARN         string        `yaml:"idc_role_arn"`
	ApplicationID      string        `yaml:"application_id"`
	DurationSeconds    int32         `yaml:"duration_seconds"`
	MaxAge             time.Duration `yaml:"max_age"`
	line               int
}

// inlineSecretKeys are keys a person may write a secret under; the file
// refuses them by name instead of calling them unknown.
var inlineSecretKeys = []string{"client_secret", "secret", "password"}

// parseGatewayFile reads the YAML file's bytes. Unknown keys are errors
// naming the key and its line (with the nearest known key), as is a
// secret written inline.
func parseGatewayFile(path string, data []byte) (gatewayFile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return gatewayFile{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return gatewayFile{}, nil
	}
	if err := checkKeys(doc.Content[0]); err != nil {
		return gatewayFile{}, fmt.Errorf("%s: %w", path, err)
	}
	var f gatewayFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return gatewayFile{}, fmt.Errorf("%s: %w", path, err)
	}
	for i, n := range sequenceItems(doc.Content[0], "identity_providers") {
		if i < len(f.IdPs) {
			f.IdPs[i].line = n.Line
		}
	}
	return f, nil
}

// checkKeys walks the document's mappings against the known keys.
func checkKeys(root *yaml.Node) error {
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a mapping of settings (addr: …, identity_providers: …)", root.Line)
	}
	errs := []error{unknownYAMLKeys(root, yamlKeysOf(gatewayFile{}))}
	for _, item := range sequenceItems(root, "identity_providers") {
		if item.Kind != yaml.MappingNode {
			errs = append(errs, fmt.Errorf("line %d: an identity provider is a mapping (name: …, mode: …)", item.Line))
			continue
		}
		errs = append(errs, unknownYAMLKeys(item, yamlKeysOf(idpFile{})))
	}
	return errors.Join(errs...)
}

func unknownYAMLKeys(m *yaml.Node, known []string) error {
	var errs []error
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		switch {
		case contains(known, k.Value):
		case contains(inlineSecretKeys, k.Value):
			errs = append(errs, fmt.Errorf("line %d: %s: a secret is never written in the config file; "+
				"use client_secret_env (the name of an environment variable) or client_secret_file (a file only you can read)",
				k.Line, k.Value))
		default:
			msg := fmt.Sprintf("line %d: unknown key %q", k.Line, k.Value)
			if s := nearestOf(k.Value, known); s != "" {
				msg += fmt.Sprintf(": did you mean %q?", s)
			}
			errs = append(errs, errors.New(msg))
		}
	}
	return errors.Join(errs...)
}

// sequenceItems returns the items of the sequence under key of mapping m.
func sequenceItems(m *yaml.Node, key string) []*yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.SequenceNode {
			return m.Content[i+1].Content
		}
	}
	return nil
}

// yamlKeysOf lists the yaml tags of a struct's exported fields.
func yamlKeysOf(v any) []string {
	t := reflect.TypeOf(v)
	var keys []string
	for i := range t.NumField() {
		if tag := t.Field(i).Tag.Get("yaml"); tag != "" {
			keys = append(keys, strings.Split(tag, ",")[0])
		}
	}
	return keys
}

func nearestOf(key string, known []string) string {
	best, bestD := "", maxSuggestDistance+1
	for _, k := range known {
		d := editDistance(key, k)
		if strings.HasPrefix(k, key) {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// gateway turns the file into a Gateway; secrets are read by the caller.
func (f gatewayFile) gateway() (Gateway, error) {
	g := Gateway{Addr: f.Addr, PublicURL: f.PublicURL, Redis: f.Redis, SessionKeyFile: f.SessionKeyFile,
		IdleTimeout: f.IdleTimeout, AbsoluteTimeout: f.AbsoluteTimeout, AllowIDPInitiated: f.AllowIDPInitiated,
		AWSProfile: f.AWSProfile}
	proxies, err := parseProxies(f.TrustedProxies)
	if err != nil {
		return Gateway{}, fmt.Errorf("trusted_proxies: %w", err)
	}
	g.TrustedProxies = proxies
	for _, i := range f.IdPs {
		mode, err := identity.ParseMode(i.Mode)
		if err != nil && i.Mode != "" {
			return Gateway{}, fmt.Errorf("line %d: mode: %q, want oidc, saml or idc", i.line, i.Mode)
		}
		g.IdPs = append(g.IdPs, GatewayIdP{Name: i.Name, Label: i.Label, Profile: Profile{
			Mode: mode, Region: i.Region, EndpointURL: i.EndpointURL, Issuer: i.Issuer, ClientID: i.ClientID,
			Scopes: i.Scopes, RoleARN: i.RoleARN, ProviderARN: i.ProviderARN, SAMLSSOURL: i.SAMLSSOURL,
			SAMLEntityID: i.SAMLEntityID, SAMLIdPMetadataURL: i.SAMLIdPMetadataURL,
			IDCApplicationARN: i.IDCApplicationARN, IDCRoleARN: i.IDCRoleARN, ApplicationID: i.ApplicationID,
			DurationSeconds: i.DurationSeconds,
		}, MaxAge: i.MaxAge})
	}
	return g, nil
}

// parseProxies reads CIDR prefixes; a bare address is a prefix of one.
func parseProxies(vs []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range vs {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return nil, fmt.Errorf("%q is not a CIDR prefix such as 10.0.0.0/8 or an address", v)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
