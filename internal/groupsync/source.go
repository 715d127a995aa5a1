package groupsync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Source reads an identity provider's groups.
type Source interface {
	Directory(ctx context.Context) (Directory, error)
}

// Token environment variables: the SCIM bearer token and the Okta API
// token are read from the environment, never from a flag.
const (
	SCIMTokenEnv = "QBIZ_SCIM_TOKEN"
	OktaTokenEnv = "OKTA_API_TOKEN"
)

// ErrUnknownScheme is a --from value that is not file:, scim: or okta:.
var ErrUnknownScheme = errors.New("unknown source: use file:PATH, scim:URL or okta:ORG_URL")

// Open returns the source spec names: file:PATH, scim:URL or
// okta:ORG_URL. getenv supplies the tokens, hc carries the requests.
func Open(spec string, getenv func(string) string, hc *http.Client) (Source, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	scheme, rest, _ := strings.Cut(spec, ":")
	switch scheme {
	case "file":
		if rest == "" {
			return nil, errors.New("file: names no file")
		}
		return File(rest), nil
	case "scim":
		base, err := httpsURL(rest)
		if err != nil {
			return nil, fmt.Errorf("scim: %w", err)
		}
		return &SCIM{Base: base, Token: getenv(SCIMTokenEnv), HTTP: hc}, nil
	case "okta":
		base, err := httpsURL(rest)
		if err != nil {
			return nil, fmt.Errorf("okta: %w", err)
		}
		return &Okta{Org: base, Token: getenv(OktaTokenEnv), HTTP: hc}, nil
	}
	return nil, fmt.Errorf("%w (got %q)", ErrUnknownScheme, spec)
}

// httpsURL checks a service URL: https, or http to a loopback host.
func httpsURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%q is not an http(s) URL", raw)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("%q: the token would travel in clear; use https", raw)
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

func loopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
