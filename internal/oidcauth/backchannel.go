package oidcauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// oauthError is an RFC 6749 §5.2 error response from a back-channel endpoint.
type oauthError struct {
	Status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (e *oauthError) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("HTTP %d", e.Status)
	}
	return oauthErrorText(e.Code, e.Description, nil)
}

// postForm POSTs form to endpoint with client authentication (HTTP Basic
// for confidential clients, client_id for public ones) and returns the body
// of a 2xx answer, or an *oauthError / ErrIdPUnreachable.
func (rp *RelyingParty) postForm(ctx context.Context, endpoint string, form url.Values) ([]byte, error) {
	if rp.cfg.ClientSecret == "" {
		form.Set("client_id", rp.cfg.ClientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if rp.cfg.ClientSecret != "" {
		req.SetBasicAuth(url.QueryEscape(rp.cfg.ClientID), url.QueryEscape(rp.cfg.ClientSecret.Reveal()))
	}
	resp, err := rp.client.Do(req)
	if err != nil {
		return nil, classifyTokenError(err)
	}
	body, err := readBody(resp)
	if err != nil {
		return nil, err
	}
	return body, scrubOAuthError(responseError(resp.StatusCode, body), form)
}

// scrubOAuthError removes anything the request carried (codes, tokens) from
// an error description the provider echoed.
func scrubOAuthError(err error, form url.Values) error {
	var oe *oauthError
	if !errors.As(err, &oe) {
		return err
	}
	for _, vals := range form {
		oe.Description = scrub(oe.Description, vals)
	}
	return oe
}

func responseError(status int, body []byte) error {
	if status >= 200 && status < 300 {
		return nil
	}
	if status >= 500 || status == http.StatusTooManyRequests {
		return fmt.Errorf("%w: HTTP %d", ErrIdPUnreachable, status)
	}
	e := &oauthError{Status: status}
	_ = json.Unmarshal(body, e)
	return e
}

// tokenResponse is RFC 6749 §5.1 plus the OIDC id_token.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int64  `json:"expires_in"`
	IDToken      string `json:"id_token"`
}

func parseTokenResponse(body []byte) (*oauth2.Token, error) {
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return nil, fmt.Errorf("token response is malformed")
	}
	tok := &oauth2.Token{AccessToken: tr.AccessToken, TokenType: tr.TokenType,
		RefreshToken: tr.RefreshToken, ExpiresIn: tr.ExpiresIn}
	return tok.WithExtra(map[string]any{"id_token": tr.IDToken}), nil
}
