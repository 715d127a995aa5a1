package samlauth

import (
	"fmt"
	"log/slog"
)

// ServiceProvider begins sign-ins and verifies their responses. It is safe
// for concurrent use.
type ServiceProvider struct {
	cfg Config
	idp *idpInfo
	log *slog.Logger
}

// NewServiceProvider validates cfg and parses the IdP metadata.
func NewServiceProvider(cfg Config) (*ServiceProvider, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("saml service provider: %w", err)
	}
	idp, err := parseMetadata(cfg.IdPMetadata, cfg.IdPSSOURL)
	if err != nil {
		return nil, fmt.Errorf("saml service provider: %w", err)
	}
	return &ServiceProvider{cfg: cfg, idp: idp, log: cfg.Logger}, nil
}

// IdPEntityID is the IdP entity ID from the metadata: the Issuer every
// accepted response carries and the Identity.Issuer of every Result.
func (sp *ServiceProvider) IdPEntityID() string { return sp.idp.entityID }

// ACSURL is the Destination every accepted response must carry.
func (sp *ServiceProvider) ACSURL() string { return sp.cfg.ACSURL }
