package oidcauth

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// metadata is the subset of OpenID Provider Metadata the RP uses.
type metadata struct {
	Issuer                      string   `json:"issuer"`
	AuthorizationEndpoint       string   `json:"authorization_endpoint"`
	TokenEndpoint               string   `json:"token_endpoint"`
	JWKSURI                     string   `json:"jwks_uri"`
	UserinfoEndpoint            string   `json:"userinfo_endpoint"`
	RevocationEndpoint          string   `json:"revocation_endpoint"`
	DeviceAuthorizationEndpoint string   `json:"device_authorization_endpoint"`
	EndSessionEndpoint          string   `json:"end_session_endpoint"`
	CodeChallengeMethods        []string `json:"code_challenge_methods_supported"`
	ResponseTypes               []string `json:"response_types_supported"`
	IssParameterSupported       bool     `json:"authorization_response_iss_parameter_supported"`
}

// discover fetches {issuer}/.well-known/openid-configuration and validates it.
func discover(ctx context.Context, client *http.Client, issuer string, allowHTTP bool) (*metadata, error) {
	if err := checkEndpoint("issuer", issuer, allowHTTP); err != nil {
		return nil, err
	}
	wellKnown := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	body, err := getJSON(ctx, client, wellKnown)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	var md metadata
	if err := json.Unmarshal(body, &md); err != nil {
		return nil, fmt.Errorf("discovery: %w: not JSON", ErrDiscovery)
	}
	if md.Issuer != issuer {
		return nil, fmt.Errorf("discovery: %w: metadata names issuer %q, configured %q", ErrIssuerMismatch, md.Issuer, issuer)
	}
	if err := md.validate(allowHTTP); err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	return &md, nil
}

func (md *metadata) validate(allowHTTP bool) error {
	required := map[string]string{"authorization_endpoint": md.AuthorizationEndpoint,
		"token_endpoint": md.TokenEndpoint, "jwks_uri": md.JWKSURI}
	optional := map[string]string{"revocation_endpoint": md.RevocationEndpoint,
		"device_authorization_endpoint": md.DeviceAuthorizationEndpoint}
	for name, v := range required {
		if v == "" {
			return fmt.Errorf("%w: %s missing", ErrDiscovery, name)
		}
		optional[name] = v
	}
	for name, v := range optional {
		if err := checkEndpoint(name, v, allowHTTP); v != "" && err != nil {
			return err
		}
	}
	if len(md.CodeChallengeMethods) > 0 && !slices.Contains(md.CodeChallengeMethods, "S256") {
		return fmt.Errorf("%w: the provider does not support PKCE S256", ErrDiscovery)
	}
	if len(md.ResponseTypes) > 0 && !slices.Contains(md.ResponseTypes, "code") {
		return fmt.Errorf("%w: the provider does not support response_type=code", ErrDiscovery)
	}
	return nil
}

// checkEndpoint requires an absolute https URL (http only on loopback hosts
// or when allowHTTP), with no userinfo or fragment.
func checkEndpoint(name, raw string, allowHTTP bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return fmt.Errorf("%w: %s %q is not an absolute URL", ErrDiscovery, name, raw)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && (allowHTTP || isLoopbackHost(u.Hostname())):
		return nil
	}
	return fmt.Errorf("%w: %s %q must use https", ErrDiscovery, name, raw)
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// getJSON GETs url and returns the body of a 200 response.
func getJSON(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDiscovery, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrIdPUnreachable, err)
	}
	body, err := readBody(resp)
	if err != nil {
		return nil, err
	}
	return body, statusError(resp.StatusCode)
}

// statusError classifies a non-200 status of a GET.
func statusError(code int) error {
	switch {
	case code == http.StatusOK:
		return nil
	case code >= 500 || code == http.StatusTooManyRequests:
		return fmt.Errorf("%w: HTTP %d", ErrIdPUnreachable, code)
	}
	return fmt.Errorf("%w: HTTP %d", ErrDiscovery, code)
}
