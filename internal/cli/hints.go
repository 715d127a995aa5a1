package cli

import (
	"errors"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// hinted is an error with advice a person can act on. Main renders it as
// "qbiz: <message>" followed by the hint on its own line. The message is
// scrubbed of anything credential-shaped, whatever wrapped it.
type hinted struct {
	err  error
	hint string
}

func (h *hinted) Error() string {
	return logging.Scrub(h.err.Error()) + "\n  hint: " + h.hint
}

func (h *hinted) Unwrap() error { return h.err }

func withHint(err error, hint string) error {
	var h *hinted
	if err == nil || errors.As(err, &h) {
		return err
	}
	return &hinted{err: err, hint: hint}
}

// hintRule maps a sentinel to advice; %s in advice is the login command.
type hintRule struct {
	sentinel error
	advice   func(login string) string
}

var hintRules = []hintRule{
	{identity.ErrIdentityChanged, func(l string) string {
		return "the identity provider now names a different user, so the cached sign-in was removed; run: " + l
	}},
	{oidcauth.ErrIdentityChanged, func(l string) string {
		return "the identity provider now names a different user, so the cached sign-in was removed; run: " + l
	}},
	{awscreds.ErrUserMismatch, func(l string) string {
		return "Identity Center mapped you to a different user than before; run: " + l
	}},
	{oidcauth.ErrInvalidGrant, func(l string) string { return "your identity provider session has ended; run: " + l }},
	{identity.ErrReauthRequired, func(l string) string { return "run: " + l }},
	{identity.ErrNotLoggedIn, func(l string) string { return "run: " + l }},
	{awscreds.ErrExpiredToken, func(l string) string { return "the sign-in has expired; run: " + l }},
	{samlauth.ErrExpired, func(l string) string { return "the SAML assertion has expired; run: " + l }},
	{awscreds.ErrInvalidIdentityToken, func(l string) string {
		return "AWS did not accept the sign-in token: check that the account's IAM identity provider trusts this " +
			"issuer and client id (qbiz_issuer, qbiz_client_id), then run: " + l
	}},
	{awscreds.ErrIDPRejectedClaim, func(string) string {
		return "AWS refused a claim of your token: the IdP must send the https://aws.amazon.com/tags claim " +
			"(principal tag Email) the role expects; ask your IdP administrator"
	}},
	{awscreds.ErrAccessDenied, func(string) string {
		return "the role's trust policy refused you: check qbiz_role_arn and that the trust policy allows your " +
			"identity provider (sts:AssumeRoleWithWebIdentity/AssumeRoleWithSAML, sts:TagSession, sts:SetContext)"
	}},
	{awscreds.ErrClockSkew, func(string) string { return "this computer's clock is off; synchronise it (NTP) and retry" }},
	{oidcauth.ErrTokenTime, func(string) string {
		return "the ID token is outside its validity window; if this computer's clock is off, synchronise it (NTP) and retry"
	}},
	{oidcauth.ErrIdPUnreachable, func(string) string {
		return "the identity provider could not be reached; check your network and qbiz_issuer, then retry"
	}},
	{awscreds.ErrServiceUnavailable, func(string) string {
		return "AWS or the identity provider could not be reached; check your network and endpoint_url, then retry"
	}},
	{awscreds.ErrThrottled, func(string) string { return "AWS throttled the request; wait a moment and retry" }},
	{awscreds.ErrInvalidClient, func(string) string {
		return "Identity Center refused the application: check qbiz_idc_application_arn and its grants"
	}},
	{tokencache.ErrNoSecureBackend, func(string) string {
		return "set QBIZ_KEYRING_BACKEND=file to use the encrypted file store"
	}},
	{tokencache.ErrNoPassphrase, func(string) string {
		return "set QBIZ_KEYRING_PASSWORD, or run on a terminal to be asked"
	}},
	{tokencache.ErrWrongPassphrase, func(string) string {
		return "set QBIZ_KEYRING_PASSWORD to the passphrase the cache was created with (or type that one when asked); " +
			"to start afresh instead, delete the keyring directory named above and sign in to each profile again"
	}},
}

// explain attaches the advice for err's first matching sentinel.
func explain(profile string, err error) error {
	if err == nil {
		return nil
	}
	login := "qbiz login --profile " + profile
	for _, r := range hintRules {
		if errors.Is(err, r.sentinel) {
			return withHint(err, r.advice(login))
		}
	}
	return &hinted{err: err, hint: "run with -v for details"}
}
