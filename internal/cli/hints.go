package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/loopback"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// hinted is an error with advice a person can act on. render shows the
// message as "qbiz: <message>" and the hint once, on its own line, however
// often the error was explained or wrapped on its way out. The message is
// scrubbed of anything credential-shaped, whatever wrapped it.
type hinted struct {
	err  error
	hint string
}

func (h *hinted) Error() string { return logging.Scrub(h.err.Error()) }

// Hint is the advice, for whoever shows the error (render, the chat).
func (h *hinted) Hint() string { return h.hint }

func (h *hinted) Unwrap() error { return h.err }

func withHint(err error, hint string) error {
	var h *hinted
	if err == nil || errors.As(err, &h) {
		return err
	}
	return &hinted{err: err, hint: hint}
}

// moreDetails is the hint of an error without advice of its own, when
// the command was not already run with -v.
const moreDetails = "run with -v for details"

// render writes err for a person, once: "qbiz: <message>" on one line
// and at most one hint below it — the error's own advice or, when
// canTellMore (the command has -v and was run without it), moreDetails.
// Usage errors and cancellations get no hint.
func render(w io.Writer, err error, canTellMore bool) {
	fmt.Fprintf(w, "qbiz: %s\n", logging.Scrub(err.Error()))
	if hint := hintFor(err, canTellMore); hint != "" {
		fmt.Fprintf(w, "  hint: %s\n", hint)
	}
}

func hintFor(err error, canTellMore bool) string {
	var (
		h *hinted
		u usageError
		c cancelled
	)
	switch {
	case errors.As(err, &h):
		return h.hint
	case errors.As(err, &u), errors.As(err, &c), !canTellMore:
		return ""
	}
	return moreDetails
}

// canTellMore reports whether cmd has a -v flag that was not set.
func canTellMore(cmd *cobra.Command) bool {
	if cmd == nil {
		return false
	}
	v := cmd.Flags().Lookup("verbose")
	return v != nil && v.Value.String() == "false"
}

// hintRule maps a sentinel to advice, given the login command. The rules
// are the one table from errors to hints; the first that matches wins, so
// the specific come before identity.ErrReauthRequired, which every
// failure only a new sign-in can fix matches.
type hintRule struct {
	sentinel error
	advice   func(login string) string
}

var hintRules = []hintRule{
	{identity.ErrIdentityChanged, func(l string) string {
		return "the identity provider now names a different user, so the cached sign-in was removed; run: " + l
	}},
	{awscreds.ErrUserMismatch, func(l string) string {
		return "Identity Center mapped you to a different user than before; run: " + l
	}},
	{oidcauth.ErrInvalidGrant, func(l string) string { return "your identity provider session has ended; run: " + l }},
	{awscreds.ErrExpiredToken, func(l string) string { return "the sign-in has expired; run: " + l }},
	{samlauth.ErrExpired, func(l string) string { return "the SAML assertion has expired; run: " + l }},
	{identity.ErrReauthRequired, func(l string) string { return "run: " + l }},
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
	{loopback.ErrPortInUse, func(l string) string {
		return "the profile's qbiz_redirect_uri fixes the port qbiz login listens on: stop the program holding it, then run: " + l +
			"; or register another port at the identity provider and set it with qbiz configure --redirect-uri"
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

// explain attaches the advice for err's first matching sentinel; an
// error no rule knows is returned as it is (render offers -v).
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
	return err
}
