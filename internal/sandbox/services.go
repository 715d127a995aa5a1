package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/iam"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
	"github.com/qbiz/qbiz/internal/sandbox/qbusiness"
	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/sandbox/secrets"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
	"github.com/qbiz/qbiz/internal/sandbox/ssooidc"
	"github.com/qbiz/qbiz/internal/sandbox/sts"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// services are the emulated IdPs and AWS services.
type services struct {
	oidc     *oidcidp.Provider
	saml     *samlidp.IdP
	iamStore *iam.Store
	ssoStore *ssoadmin.Store
	idc      *ssooidc.Service
	q        *qbusiness.Service
	// secretStore backs Secrets Manager.
	secretStore *secrets.Store
	aws         map[string]gate.Service
}

// SAML assertion consumer paths qbiz's CLI and gateway use on loopback.
var samlACSURLs = []string{"http://127.0.0.1/saml/acs", "http://127.0.0.1/auth/saml/acs", "http://localhost/saml/acs"}

// buildServices makes the services with fresh keys, or with the keys,
// clients and service providers of a saved world.
func (s *Sandbox) buildServices(saved *savedState) error {
	log := s.opts.Logger
	s.directory = directory.New(scenario.Users()...)
	if err := s.addSoakUsers(s.opts.SoakUsers); err != nil {
		return err
	}
	k := serviceKeys(saved)
	var err error
	s.oidc, err = oidcidp.New(oidcidp.Options{Issuer: s.URL + "/idp/oidc", Directory: s.directory, Clients: k.clients, Keys: k.oidc, Logger: log.With("svc", "oidc-idp")})
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	s.saml, err = samlidp.New(samlidp.Options{BaseURL: s.URL + "/idp/saml", Directory: s.directory, Keys: k.saml, Logger: log.With("svc", "saml-idp")})
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	for _, sp := range k.sps {
		s.saml.AddServiceProvider(sp)
	}
	s.iamStore = iam.NewStore(Account)
	s.ssoStore = ssoadmin.NewStore(Account)
	s.idc, err = ssooidc.New(ssooidc.Options{Authority: s.authority, Admin: s.ssoStore, Directory: s.directory, Keys: k.idc,
		HTTPClient: s.outboundClient(), Authorizer: s.iamStore, Region: Region, Logger: log.With("svc", "sso-oidc")})
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	s.q = qbusiness.New(qbusiness.Options{Account: Account, Region: Region, Authorizer: s.iamStore, Directory: s.directory, Logger: log.With("svc", "qbusiness"),
		ChunkDelay: func() time.Duration { return s.Faults.ChunkDelay("qbusiness") }})
	s.secretStore = secrets.NewStore()
	s.aws = s.awsServices()
	return nil
}

// keys are what the identity services start from.
type keys struct {
	oidc, saml, idc []byte
	clients         []oidcidp.Client
	sps             []samlidp.ServiceProvider
}

func serviceKeys(saved *savedState) keys {
	if saved == nil {
		return keys{clients: oidcClients(), sps: []samlidp.ServiceProvider{{EntityID: scenario.SPEntityID, ACSURLs: samlACSURLs}}}
	}
	return keys{oidc: saved.OIDCKeys, saml: saved.SAMLKeys, idc: saved.IDCKeys, clients: saved.OIDCClients, sps: saved.SAMLServiceProviders}
}

// restore loads a saved world's stores, live sign-in sessions, ledger,
// admin key, revocation cut-off and applications into the freshly built
// services.
func (s *Sandbox) restore(saved *savedState) error {
	stores := []struct {
		name    string
		data    []byte
		restore func([]byte) error
	}{
		{"iam", saved.IAM, s.iamStore.Restore}, {"sso-admin", saved.SSOAdmin, s.ssoStore.Restore},
		{"qbusiness", saved.QBusiness, s.q.Restore}, {"secretsmanager", saved.Secrets, s.secretStore.Restore},
		{"oidc_sessions", saved.OIDCSessions, s.oidc.RestoreSessions}, {"idc_sessions", saved.IDCSessions, s.idc.RestoreSessions},
		{"ledger", saved.Ledger, s.Ledger.Restore},
	}
	for _, st := range stores {
		if err := st.restore(st.data); err != nil {
			return fmt.Errorf("sandbox state file %s: %s: %w", s.opts.StatePath, st.name, err)
		}
	}
	s.adminKey = saved.Admin
	s.admin = awsauth.Credentials{AccessKeyID: saved.Admin.AccessKeyID, SecretAccessKey: saved.Admin.SecretAccessKey}
	s.authority.AddLongTermKey(saved.Admin.AccessKeyID, saved.Admin.SecretAccessKey, saved.Admin.Principal)
	if !saved.RevokedBefore.IsZero() {
		s.authority.RevokeSessionsIssuedBefore(saved.RevokedBefore)
	}
	s.info = s.baseInfo()
	s.info.Applications = saved.Applications
	return nil
}

func oidcClients() []oidcidp.Client {
	loopback := []string{"http://127.0.0.1/callback", "http://[::1]/callback", "http://127.0.0.1/auth/callback"}
	return []oidcidp.Client{
		{ID: scenario.CLIClientID, RedirectURIs: loopback},
		{ID: scenario.GatewayClientID, Secret: scenario.GatewayClientSecret, RedirectURIs: loopback},
	}
}

func (s *Sandbox) createAdmin() {
	arn := s.iamStore.CreateUser("qbiz-admin")
	_ = s.iamStore.AttachUserPolicy("qbiz-admin", "arn:aws:iam::aws:policy/AdministratorAccess")
	p := awsauth.Principal{Account: Account, ARN: arn, UserID: "AIDA" + awsauth.RandomID(17), Kind: "user"}
	s.admin = s.authority.NewLongTermKey(p)
	s.adminKey = savedAdmin{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey, Principal: p}
}

func (s *Sandbox) awsServices() map[string]gate.Service {
	log := s.opts.Logger
	json11 := func(name, signing string, h http.Handler) gate.Service {
		return gate.Service{Name: name, SigningName: signing, Family: awsauth.JSON, JSONContentType: wire.ContentTypeAWSJSON11, Handler: h}
	}
	return map[string]gate.Service{
		"iam": {Name: "iam", SigningName: "iam", Family: awsauth.Query, Namespace: wire.IAMNamespace, ThrottleCode: "Throttling",
			Handler: iam.NewHandler(s.iamStore, log.With("svc", "iam"))},
		"sts": {Name: "sts", SigningName: "sts", Family: awsauth.Query, Namespace: wire.STSNamespace, ThrottleCode: "Throttling", Anonymous: sts.Anonymous,
			Handler: sts.New(sts.Options{Account: Account, Region: Region, Authority: s.authority, IAM: s.iamStore, HTTPClient: s.outboundClient(),
				Lifetime: s.Faults.CredentialLifetime, Logger: log.With("svc", "sts")})},
		"sso-oidc":       {Name: "sso-oidc", SigningName: "sso-oauth", Family: awsauth.JSON, JSONContentType: wire.ContentTypeJSON, Anonymous: ssooidc.Anonymous, Handler: s.idc},
		"sso-admin":      json11("sso-admin", "sso", ssoadmin.NewHandler(s.ssoStore, ssoadmin.HandlerOptions{Authorizer: s.iamStore, Logger: log.With("svc", "sso-admin")})),
		"secretsmanager": json11("secretsmanager", "secretsmanager", secrets.NewHandler(s.secretStore, log.With("svc", "secretsmanager"))),
		"qbusiness":      {Name: "qbusiness", SigningName: "qbusiness", Family: awsauth.JSON, JSONContentType: wire.ContentTypeJSON, Streaming: qbusiness.Streaming, Handler: s.q},
	}
}

func (s *Sandbox) mountServices(mux *http.ServeMux) {
	mux.Handle("/idp/oidc/", s.oidc)
	mux.Handle("/idp/saml/", s.saml)
	wrapped := map[string]http.Handler{}
	g := &gate.Gate{Authority: s.authority, Ledger: s.Ledger, Faults: s.Faults, Region: Region, Logger: s.opts.Logger}
	for name, svc := range s.aws {
		wrapped[name] = g.Wrap(svc)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if h, ok := wrapped[classify(r)]; ok {
			h.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/sandbox/") {
			http.NotFound(w, r)
			return
		}
		unknownService(w, r)
	})
}
