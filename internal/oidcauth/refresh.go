package oidcauth

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/oauth2"

	"github.com/qbiz/qbiz/internal/identity"
)

// Refresh redeems refreshToken. A new ID token, when the provider sends one,
// is fully verified (no nonce is expected, OIDC Core §12.2) and must name the
// same issuer and subject as prev, or the result is identity.ErrIdentityChanged. When
// no ID token comes back, Tokens.IDToken is empty and Claims is prev.
// ErrInvalidGrant means the person must sign in again.
func (rp *RelyingParty) Refresh(ctx context.Context, refreshToken string, prev Claims) (*Tokens, error) {
	if refreshToken == "" || prev.Subject == "" || prev.Issuer == "" {
		return nil, fmt.Errorf("refresh: %w: nothing to refresh", ErrInvalidGrant)
	}
	src := rp.oauth2Config(rp.cfg.RedirectURL).TokenSource(rp.httpContext(ctx), &oauth2.Token{RefreshToken: refreshToken})
	tok, err := src.Token()
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", classifyTokenError(err, refreshToken))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return rp.tokens(tok, "", prev), nil
	}
	claims, err := rp.verifyRefreshed(ctx, raw, prev)
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	return rp.tokens(tok, raw, claims), nil
}

func (rp *RelyingParty) verifyRefreshed(ctx context.Context, raw string, prev Claims) (Claims, error) {
	claims, err := rp.verify(ctx, raw, verifyOptions{})
	if errors.Is(err, ErrTokenIssuer) {
		return Claims{}, fmt.Errorf("the refreshed token is not from the signed-in issuer: %w: %w", identity.ErrIdentityChanged, err)
	}
	if err != nil {
		return Claims{}, err
	}
	if claims.Issuer != prev.Issuer || claims.Subject != prev.Subject {
		return Claims{}, fmt.Errorf("%w: signed in as %s at %s, refreshed token names %s at %s",
			identity.ErrIdentityChanged, prev.Subject, prev.Issuer, claims.Subject, claims.Issuer)
	}
	return claims, nil
}
