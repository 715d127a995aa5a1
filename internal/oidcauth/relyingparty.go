package oidcauth

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// RelyingParty signs people in at one OIDC provider. It is safe for
// concurrent use.
type RelyingParty struct {
	cfg      Config
	md       *metadata
	client   *http.Client
	keys     *keySet
	verifier *oidc.IDTokenVerifier
	used     *replayCache
	log      *slog.Logger
	now      func() time.Time
}

// NewRelyingParty discovers the provider's metadata (its issuer must equal
// cfg.Issuer exactly) and prepares the verifier. No authorization request
// can be built before discovery succeeded.
func NewRelyingParty(ctx context.Context, cfg Config) (*RelyingParty, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("new relying party: %w", err)
	}
	cfg = cfg.withDefaults()
	client := cappedClient(cfg.HTTPClient, cfg.MaxResponseBytes)
	md, err := discover(ctx, client, cfg.Issuer, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("new relying party for %s: %w", cfg.Issuer, err)
	}
	rp := &RelyingParty{cfg: cfg, md: md, client: client, log: cfg.Logger, now: cfg.Now,
		used: newReplayCache(cfg.TransactionTTL, cfg.Now)}
	rp.keys = newKeySet(md.JWKSURI, client, cfg.Now, cfg.KeyRefreshInterval)
	rp.verifier = oidc.NewVerifier(md.Issuer, rp.keys, &oidc.Config{
		ClientID:             cfg.ClientID,
		SupportedSigningAlgs: allowedAlgNames(),
		SkipExpiryCheck:      true, // checked in checkTimes with an explicit skew
	})
	return rp, nil
}

// Issuer returns the verified issuer.
func (rp *RelyingParty) Issuer() string { return rp.md.Issuer }

// SupportsRevocation reports whether the provider advertises RFC 7009.
func (rp *RelyingParty) SupportsRevocation() bool { return rp.md.RevocationEndpoint != "" }

// SupportsDeviceFlow reports whether the provider advertises RFC 8628.
func (rp *RelyingParty) SupportsDeviceFlow() bool { return rp.md.DeviceAuthorizationEndpoint != "" }

// oauth2Config builds the x/oauth2 configuration for one redirect URL.
// Confidential clients authenticate only with HTTP Basic (OIDC-17).
func (rp *RelyingParty) oauth2Config(redirectURL string) *oauth2.Config {
	style := oauth2.AuthStyleInHeader
	if rp.cfg.ClientSecret == "" {
		style = oauth2.AuthStyleInParams // public client: client_id only
	}
	return &oauth2.Config{
		ClientID:     rp.cfg.ClientID,
		ClientSecret: rp.cfg.ClientSecret.Reveal(),
		RedirectURL:  redirectURL,
		Scopes:       rp.cfg.Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:       rp.md.AuthorizationEndpoint,
			TokenURL:      rp.md.TokenEndpoint,
			DeviceAuthURL: rp.md.DeviceAuthorizationEndpoint,
			AuthStyle:     style,
		},
	}
}

// httpContext makes x/oauth2 use the capped client.
func (rp *RelyingParty) httpContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, rp.client)
}
