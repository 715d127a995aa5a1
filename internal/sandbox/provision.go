package sandbox

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval/corpus"
	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// provision builds the scenario's world through the sandbox's own APIs,
// over in-process connections while the port is not ready, and records
// what /sandbox/info reports.
func (s *Sandbox) provision(ctx context.Context) error {
	s.info = s.baseInfo()
	if s.opts.Scenario == ScenarioEmpty {
		return nil
	}
	w := scenario.World{Account: Account, Region: Region, Issuer: s.oidc.Issuer(),
		ClientIDs: []string{scenario.CLIClientID, scenario.GatewayClientID}, SAMLMetadata: s.saml.Metadata(),
		RegisterSAMLRole: func(role, provider string) {
			s.saml.AddServiceProvider(samlidp.ServiceProvider{EntityID: scenario.SPEntityID, ACSURLs: samlACSURLs,
				Roles: []samlidp.RolePair{{RoleARN: role, ProviderARN: provider}}})
		},
		Documents: demoDocuments()}
	boot := startBoot(s.handler, s.ln.Addr(), s.opts.Logger)
	defer boot.close()
	cfg := s.AdminConfig()
	cfg.HTTPClient = boot.client()
	apps, err := scenario.Demo(ctx, cfg, w)
	if err != nil {
		return fmt.Errorf("provision demo scenario: %w", err)
	}
	for _, a := range apps {
		s.info.Applications = append(s.info.Applications, Application(a))
	}
	return s.provisionSoak(ctx, boot)
}

func (s *Sandbox) baseInfo() Info {
	info := Info{Region: Region, Account: Account, Endpoint: s.URL, IDCJWKSURL: s.URL + "/sandbox/idc/jwks",
		OIDC:             OIDCInfo{Issuer: s.oidc.Issuer()},
		SAML:             SAMLInfo{EntityID: s.saml.EntityID(), MetadataURL: s.saml.MetadataURL(), SSOURL: s.saml.SSOURL(), SPEntityID: scenario.SPEntityID},
		AdminCredentials: AdminCreds{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey}}
	if s.ca != nil {
		info.CABundle = s.opts.CAFile
	}
	for _, c := range s.oidc.Clients() {
		info.OIDC.Clients = append(info.OIDC.Clients, ClientInfo{ClientID: c.ID, ClientSecret: c.Secret, RedirectURIs: c.RedirectURIs})
	}
	for _, u := range s.directory.All() {
		info.Users = append(info.Users, UserInfo{Username: u.Username, Password: u.Password, Email: u.Email, Groups: u.Groups})
	}
	return info
}

// AdminConfig returns an SDK config signed with the sandbox admin's keys.
func (s *Sandbox) AdminConfig() aws.Config {
	return aws.Config{Region: Region, BaseEndpoint: aws.String(s.URL), HTTPClient: s.HTTPClient(),
		Credentials: credentials.NewStaticCredentialsProvider(s.admin.AccessKeyID, s.admin.SecretAccessKey, "")}
}

func demoDocuments() []scenario.Document {
	var out []scenario.Document
	for _, d := range corpus.Demo() {
		out = append(out, scenario.Document{ID: d.ID, Title: d.Title, URL: d.URL, Content: d.Content, ACL: grants(d.ACL)})
	}
	return out
}

func grants(acl *retrieval.ACL) *scenario.ACL {
	if acl == nil {
		return nil
	}
	out := &scenario.ACL{MemberRelation: string(acl.MemberRelation)}
	for _, ac := range acl.AccessControls {
		c := scenario.Control{MemberRelation: string(ac.MemberRelation)}
		for _, p := range ac.Principals {
			c.Grants = append(c.Grants, scenario.Grant{Kind: p.Kind, Name: p.Name, Access: string(p.Access)})
		}
		out.Controls = append(out.Controls, c)
	}
	return out
}
