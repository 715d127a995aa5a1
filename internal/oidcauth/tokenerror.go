package oidcauth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// classifyTokenError maps a token-endpoint failure to a sentinel and a
// message without the request's secrets. x/oauth2's own error text quotes the
// response body, so it is never wrapped.
func classifyTokenError(err error, secrets ...string) error {
	var re *oauth2.RetrieveError
	switch {
	case errors.As(err, &re):
		return retrieveError(re, secrets)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, errBodyTooLarge):
		return fmt.Errorf("token response: %w", errBodyTooLarge)
	case isNetError(err):
		return fmt.Errorf("%w: %w", ErrIdPUnreachable, err)
	}
	return errors.New(scrub(err.Error(), secrets))
}

func retrieveError(re *oauth2.RetrieveError, secrets []string) error {
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	desc := oauthErrorText(re.ErrorCode, re.ErrorDescription, secrets)
	switch {
	case re.ErrorCode == "invalid_grant":
		return fmt.Errorf("%w (%s)", ErrInvalidGrant, desc)
	case status >= 500 || status == 429:
		return fmt.Errorf("%w: token endpoint answered HTTP %d", ErrIdPUnreachable, status)
	case re.ErrorCode == "":
		return fmt.Errorf("token endpoint answered HTTP %d", status)
	}
	return fmt.Errorf("token endpoint refused the request (%s)", desc)
}

func oauthErrorText(code, desc string, secrets []string) string {
	if len(desc) > 200 {
		desc = desc[:200] + "…"
	}
	if desc == "" {
		return scrub(code, secrets)
	}
	return scrub(code+": "+desc, secrets)
}

// scrub removes any secret the request carried from a message.
func scrub(msg string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "REDACTED")
		}
	}
	return msg
}

func isNetError(err error) bool {
	var ne net.Error
	var ue *url.Error
	return errors.As(err, &ne) || errors.As(err, &ue)
}
