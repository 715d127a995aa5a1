package ssooidc

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// maxDocument bounds discovery documents and key sets.
const maxDocument = 1 << 20

// issuerKeys fetches a trusted token issuer's signing keys by OIDC
// discovery: {issuer}/.well-known/openid-configuration, then its jwks_uri.
// The discovery document must name exactly the same issuer.
func (s *Service) issuerKeys(ctx context.Context, issuer string) (jose.JSONWebKeySet, error) {
	var disc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := s.getJSON(ctx, strings.TrimSuffix(issuer, "/")+"/.well-known/openid-configuration", &disc); err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("discovery: %w", err)
	}
	if disc.Issuer != issuer {
		return jose.JSONWebKeySet{}, fmt.Errorf("discovery issuer %q does not match %q", disc.Issuer, issuer)
	}
	if !strings.HasPrefix(disc.JWKSURI, "https://") && !strings.HasPrefix(disc.JWKSURI, "http://") {
		return jose.JSONWebKeySet{}, fmt.Errorf("discovery has no usable jwks_uri")
	}
	var set jose.JSONWebKeySet
	if err := s.getJSON(ctx, disc.JWKSURI, &set); err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("jwks: %w", err)
	}
	return set, nil
}

func (s *Service) getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("get %s: %w", url, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.opts.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("get %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("get %s: status %d", url, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
	if err != nil {
		return fmt.Errorf("get %s: %w", url, err)
	}
	if len(body) > maxDocument {
		return fmt.Errorf("get %s: document too large", url)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("get %s: %w", url, err)
	}
	return nil
}
