package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// relyingParty discovers the profile's OIDC provider. The client secret,
// if the client has one, comes from the token cache only.
func (a *app) relyingParty(ctx context.Context, p config.Profile, s *tokencache.Store) (*oidcauth.RelyingParty, error) {
	sec, err := s.ClientSecret(p.Name)
	if err != nil && !errors.Is(err, tokencache.ErrNotFound) {
		return nil, err
	}
	if sec.IsZero() {
		sec = config.FromEnv(a.cfgEnv()).ClientSecret
	}
	return oidcauth.NewRelyingParty(ctx, oidcauth.Config{Issuer: p.Issuer, ClientID: p.ClientID,
		ClientSecret: sec, Scopes: p.Scopes, RedirectURL: p.RedirectURI, HTTPClient: a.http,
		Logger: a.log, Now: a.now})
}

// oidcEntry is the cache entry of a fresh OIDC sign-in.
func oidcEntry(mode identity.Mode, t *oidcauth.Tokens) tokencache.Entry {
	return tokencache.Entry{Identity: claimsIdentity(t.Claims), Mode: mode,
		IDToken: logging.Secret(t.IDToken), IDTokenExpiry: t.Claims.Expiry,
		RefreshToken: logging.Secret(t.RefreshToken)}
}

func claimsIdentity(c oidcauth.Claims) identity.Identity {
	return identity.Identity{Issuer: c.Issuer, Subject: c.Subject, Email: c.Email, Groups: c.Groups, Name: c.Name}
}

func entryClaims(e tokencache.Entry) oidcauth.Claims {
	return oidcauth.Claims{Issuer: e.Identity.Issuer, Subject: e.Identity.Subject, Email: e.Identity.Email,
		Groups: e.Identity.Groups, Name: e.Identity.Name, Expiry: e.IDTokenExpiry}
}

// refreshIDToken redeems the cached refresh token for a new, verified ID
// token of the same (issuer, subject). Another identity logs the profile
// out; a refused grant means a human must sign in again.
func (a *app) refreshIDToken(ctx context.Context, p config.Profile, s *tokencache.Store, e tokencache.Entry) (tokencache.Entry, error) {
	if e.RefreshToken.IsZero() {
		return e, fmt.Errorf("the ID token has expired and there is no refresh token: %w", identity.ErrReauthRequired)
	}
	rp, err := a.relyingParty(ctx, p, s)
	if err != nil {
		return e, err
	}
	t, err := rp.Refresh(ctx, e.RefreshToken.Reveal(), entryClaims(e))
	if errors.Is(err, oidcauth.ErrIdentityChanged) {
		a.log.Debug("refreshed identity differs; logging out", "profile", p.Name, "issuer", e.Identity.Issuer)
		return e, errors.Join(err, s.Delete(p.Name))
	}
	if err != nil {
		return e, err
	}
	if t.IDToken == "" {
		return e, fmt.Errorf("the identity provider sent no new ID token: %w", identity.ErrReauthRequired)
	}
	return renewedEntry(e, t), nil
}

// renewedEntry keeps everything of e (the pinned identity, the Identity
// Center session, the AWS credentials until they are replaced) and takes
// the new tokens and descriptive claims.
func renewedEntry(e tokencache.Entry, t *oidcauth.Tokens) tokencache.Entry {
	n := oidcEntry(e.Mode, t)
	e.Identity, e.IDToken, e.IDTokenExpiry = n.Identity, n.IDToken, n.IDTokenExpiry
	if !n.RefreshToken.IsZero() {
		e.RefreshToken = n.RefreshToken
	}
	return e
}
