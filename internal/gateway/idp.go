package gateway

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/samlauth"
)

const (
	callbackPath = "/callback"
	acsPath      = "/saml/acs"
	// awsEntityID is the SP entity id AWS expects unless the profile
	// names another.
	awsEntityID = "urn:amazon:webservices"
)

// idp is one configured identity provider: its profile (the same
// settings a CLI profile has) and, built on first use, its OIDC relying
// party or SAML service provider.
type idp struct {
	name, label string
	profile     config.Profile
	secret      logging.Secret
	redirectURL string        // our OIDC callback
	acsURL      string        // our SAML ACS
	maxAge      time.Duration // the IdP session's length from auth_time; 0: unbounded

	mu sync.Mutex
	rp *oidcauth.RelyingParty
	sp *samlauth.ServiceProvider
	s  *Server
}

func (s *Server) addIdPs(ctx context.Context, pub *url.URL) error {
	for _, c := range s.cfg.IdPs {
		if _, dup := s.idps[c.Name]; dup || c.Name == "" {
			return fmt.Errorf("gateway: identity provider name %q is empty or used twice", c.Name)
		}
		if !c.Profile.Mode.Valid() {
			return fmt.Errorf("gateway: identity provider %s: unknown mode %q", c.Name, c.Profile.Mode)
		}
		p := &idp{name: c.Name, label: c.Label, profile: c.Profile, secret: c.ClientSecret, s: s, maxAge: c.MaxAge,
			redirectURL: pub.String() + callbackPath, acsURL: pub.String() + acsPath}
		if p.label == "" {
			p.label = c.Name
		}
		s.idps[c.Name] = p
		s.order = append(s.order, p)
	}
	_ = ctx
	return nil
}

// saml reports whether the IdP signs people in with SAML (else OIDC,
// possibly followed by Identity Center).
func (p *idp) saml() bool { return p.profile.Mode == identity.ModeSAML }

// signOnOrigin is the origin the browser is sent to for signing in, for
// the CSP's form-action.
func (p *idp) signOnOrigin() string {
	raw := p.profile.Issuer
	if p.saml() {
		raw = p.profile.SAMLSSOURL
		if raw == "" {
			raw = p.profile.SAMLIdPMetadataURL
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// relyingParty discovers the OIDC provider once; a failure is retried at
// the next use.
func (p *idp) relyingParty(ctx context.Context) (*oidcauth.RelyingParty, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rp != nil {
		return p.rp, nil
	}
	rp, err := oidcauth.NewRelyingParty(ctx, oidcauth.Config{Issuer: p.profile.Issuer, ClientID: p.profile.ClientID,
		ClientSecret: p.secret, Scopes: p.profile.Scopes, RedirectURL: p.redirectURL, HTTPClient: p.s.d.HTTP,
		Logger: p.s.log, Now: p.s.d.Now, AuthMaxAge: p.maxAge})
	if err != nil {
		return nil, err
	}
	p.rp = rp
	return rp, nil
}

// serviceProvider fetches the SAML IdP's metadata once; a failure is
// retried at the next use.
func (p *idp) serviceProvider(ctx context.Context) (*samlauth.ServiceProvider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sp != nil {
		return p.sp, nil
	}
	md, err := samlauth.FetchMetadata(ctx, p.s.d.HTTP, p.profile.SAMLIdPMetadataURL)
	if err != nil {
		return nil, err
	}
	entityID := p.profile.SAMLEntityID
	if entityID == "" {
		entityID = awsEntityID
	}
	sp, err := samlauth.NewServiceProvider(samlauth.Config{EntityID: entityID, ACSURL: p.acsURL, IdPMetadata: md,
		IdPSSOURL: p.profile.SAMLSSOURL, Now: p.s.d.Now, Logger: p.s.log, HTTPClient: p.s.d.HTTP,
		Replay: replayCache{store: p.s.d.Store, log: p.s.log}})
	if err != nil {
		return nil, err
	}
	p.sp = sp
	return sp, nil
}

// ready checks that the IdP's discovery document or metadata can be had.
func (p *idp) ready(ctx context.Context) error {
	var err error
	if p.saml() {
		_, err = p.serviceProvider(ctx)
	} else {
		_, err = p.relyingParty(ctx)
	}
	return err
}
