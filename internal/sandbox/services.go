package sandbox

import (
	"net/http"
	"strings"

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
	aws      map[string]gate.Service
}

// SAML assertion consumer paths qbiz's CLI and gateway use on loopback.
var samlACSURLs = []string{"http://127.0.0.1/saml/acs", "http://127.0.0.1/auth/saml/acs", "http://localhost/saml/acs"}

func (s *Sandbox) buildServices() error {
	log := s.opts.Logger
	s.directory = directory.New(scenario.Users()...)
	var err error
	s.oidc, err = oidcidp.New(oidcidp.Options{Issuer: s.URL + "/idp/oidc", Directory: s.directory, Clients: oidcClients(), Logger: log.With("svc", "oidc-idp")})
	if err != nil {
		return err
	}
	s.saml, err = samlidp.New(samlidp.Options{BaseURL: s.URL + "/idp/saml", Directory: s.directory, Logger: log.With("svc", "saml-idp")})
	if err != nil {
		return err
	}
	s.saml.AddServiceProvider(samlidp.ServiceProvider{EntityID: scenario.SPEntityID, ACSURLs: samlACSURLs})
	s.iamStore = iam.NewStore(Account)
	s.ssoStore = ssoadmin.NewStore(Account)
	s.idc, err = ssooidc.New(ssooidc.Options{Authority: s.authority, Admin: s.ssoStore, Directory: s.directory,
		HTTPClient: s.HTTPClient(), Authorizer: s.iamStore, Region: Region, Logger: log.With("svc", "sso-oidc")})
	if err != nil {
		return err
	}
	s.q = qbusiness.New(qbusiness.Options{Account: Account, Region: Region, Authorizer: s.iamStore, Directory: s.directory, Logger: log.With("svc", "qbusiness")})
	s.createAdmin()
	s.aws = s.awsServices()
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
			Handler: sts.New(sts.Options{Account: Account, Region: Region, Authority: s.authority, IAM: s.iamStore, HTTPClient: s.HTTPClient(),
				Lifetime: s.Faults.CredentialLifetime, Logger: log.With("svc", "sts")})},
		"sso-oidc":       {Name: "sso-oidc", SigningName: "sso-oauth", Family: awsauth.JSON, JSONContentType: wire.ContentTypeJSON, Anonymous: ssooidc.Anonymous, Handler: s.idc},
		"sso-admin":      json11("sso-admin", "sso", ssoadmin.NewHandler(s.ssoStore, ssoadmin.HandlerOptions{Authorizer: s.iamStore, Logger: log.With("svc", "sso-admin")})),
		"secretsmanager": json11("secretsmanager", "secretsmanager", secrets.NewHandler(secrets.NewStore(), log.With("svc", "secretsmanager"))),
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
