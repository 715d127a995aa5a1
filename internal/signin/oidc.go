package signin

import (
	"context"
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// RelyingParty discovers the profile's OIDC provider, for a login, a
// renewal or a revocation.
func (s *Session) RelyingParty(ctx context.Context) (*oidcauth.RelyingParty, error) {
	sec, err := s.clientSecret()
	if err != nil {
		return nil, err
	}
	return oidcauth.NewRelyingParty(ctx, oidcauth.Config{Issuer: s.p.Issuer, ClientID: s.p.ClientID,
		ClientSecret: sec, Scopes: s.p.Scopes, RedirectURL: s.p.RedirectURI, HTTPClient: s.o.HTTP,
		Logger: s.o.Logger, Now: s.o.Now})
}

// OIDCEntry is the sign-in to keep after an OIDC login in mode.
func OIDCEntry(mode identity.Mode, t *oidcauth.Tokens) tokencache.Entry {
	return tokencache.Entry{Identity: t.Claims.Identity(), Mode: mode,
		IDToken: logging.Secret(t.IDToken), IDTokenExpiry: t.Claims.Expiry,
		RefreshToken: logging.Secret(t.RefreshToken), RefreshExpiry: t.RefreshExpiry}
}

func entryClaims(e tokencache.Entry) oidcauth.Claims {
	return oidcauth.Claims{Issuer: e.Identity.Issuer, Subject: e.Identity.Subject, Email: e.Identity.Email,
		Groups: e.Identity.Groups, Name: e.Identity.Name, Expiry: e.IDTokenExpiry}
}

// refreshIDToken redeems the cached refresh token for a new, verified ID
// token of the same (issuer, subject). Another identity logs the profile
// out; a refused grant means a human must sign in again.
func (s *Session) refreshIDToken(ctx context.Context, e tokencache.Entry) (tokencache.Entry, error) {
	if e.RefreshToken.IsZero() {
		return e, fmt.Errorf("the ID token has expired and there is no refresh token: %w", identity.ErrReauthRequired)
	}
	rp, err := s.RelyingParty(ctx)
	if err != nil {
		return e, err
	}
	t, err := rp.Refresh(ctx, e.RefreshToken.Reveal(), entryClaims(e))
	if errors.Is(err, identity.ErrIdentityChanged) {
		s.o.Logger.Debug("refreshed identity differs; logging out", "profile", s.p.Name, "issuer", e.Identity.Issuer)
		return e, errors.Join(err, s.store.Delete(s.p.Name))
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
// the new tokens and descriptive claims. A rotated refresh token comes
// with its own end (unknown unless the IdP says); a kept one keeps its
// end unless the IdP says anew.
func renewedEntry(e tokencache.Entry, t *oidcauth.Tokens) tokencache.Entry {
	n := OIDCEntry(e.Mode, t)
	e.Identity, e.IDToken, e.IDTokenExpiry = n.Identity, n.IDToken, n.IDTokenExpiry
	switch {
	case !n.RefreshToken.IsZero() && n.RefreshToken.Reveal() != e.RefreshToken.Reveal():
		e.RefreshToken, e.RefreshExpiry = n.RefreshToken, n.RefreshExpiry
	case !t.RefreshExpiry.IsZero():
		e.RefreshExpiry = t.RefreshExpiry
	}
	return e
}
