package oidcauth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/url"

	"golang.org/x/oauth2"
)

// Complete finishes the login attempt tx with the authorization response
// parameters. Before any token request it checks, in order: the parameters'
// shape, the transaction's age, state (constant time), single use, the
// response's iss (RFC 9207) and any error. Then it redeems the code with the
// PKCE verifier at this provider's token endpoint and verifies the ID token
// against tx's nonce. tx is consumed whatever the outcome once state matched.
// A rejection is returned, not logged: the caller renders it once.
func (rp *RelyingParty) Complete(ctx context.Context, tx *Transaction, params url.Values) (*Tokens, error) {
	cb, err := rp.checkCallback(tx, params)
	if err != nil {
		return nil, fmt.Errorf("complete login: %w", err)
	}
	toks, err := rp.redeem(ctx, tx, cb.code)
	if err != nil {
		return nil, fmt.Errorf("complete login: %w", err)
	}
	rp.log.Info("oidc login", "issuer", toks.Claims.Issuer, "sub", toks.Claims.Subject)
	return toks, nil
}

func (rp *RelyingParty) checkCallback(tx *Transaction, params url.Values) (callback, error) {
	cb, err := parseCallback(params)
	if err != nil {
		return cb, err
	}
	if err := rp.checkTransaction(tx); err != nil {
		return cb, err
	}
	if subtle.ConstantTimeCompare([]byte(cb.state), []byte(tx.State)) != 1 {
		return cb, ErrStateMismatch
	}
	if !rp.used.consume(stateKey(tx.State)) {
		return cb, ErrTransactionReplayed
	}
	if err := rp.checkResponseIssuer(cb); err != nil {
		return cb, err
	}
	return cb, authorizationError(cb)
}

// checkResponseIssuer implements RFC 9207: iss is required when the provider
// advertises it, and must equal the issuer whenever present (mix-up defence).
func (rp *RelyingParty) checkResponseIssuer(cb callback) error {
	if !cb.hasIss {
		if rp.md.IssParameterSupported {
			return fmt.Errorf("%w: the provider promised an iss parameter and sent none", ErrIssuerMismatch)
		}
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(cb.iss), []byte(rp.md.Issuer)) != 1 {
		return fmt.Errorf("%w: the response came from %q, not %q", ErrIssuerMismatch, cb.iss, rp.md.Issuer)
	}
	return nil
}

func authorizationError(cb callback) error {
	switch cb.errCode {
	case "":
		return nil
	case "access_denied":
		return fmt.Errorf("%w (%s)", ErrAccessDenied, cb.describeError())
	}
	return fmt.Errorf("%w (%s)", ErrAuthorizationFailed, cb.describeError())
}

// redeem exchanges the code and verifies the resulting ID token.
func (rp *RelyingParty) redeem(ctx context.Context, tx *Transaction, code string) (*Tokens, error) {
	tok, err := rp.oauth2Config(tx.RedirectURL).Exchange(rp.httpContext(ctx), code,
		oauth2.VerifierOption(tx.Verifier))
	if err != nil {
		return nil, fmt.Errorf("redeem code: %w", classifyTokenError(err, code))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%w: %w", ErrInvalidIDToken, ErrNoIDToken)
	}
	claims, err := rp.verify(ctx, raw, verifyOptions{nonce: tx.Nonce, requireNonce: true, maxAuthAge: rp.cfg.AuthMaxAge})
	if err != nil {
		return nil, err
	}
	return rp.tokens(tok, raw, claims), nil
}
