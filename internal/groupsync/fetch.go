package groupsync

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// httpDoer sends an HTTP request.
type httpDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// maxBody bounds one response page of an IdP's API.
const maxBody = 16 << 20

// api is an IdP's HTTP API: its base URL, the Authorization header it
// takes and the environment variable that token came from (for messages).
type api struct {
	name, auth, tokenEnv string
	base                 *url.URL
	http                 httpDoer
}

// get fetches u as JSON into v and returns the response's headers. Only
// URLs on the API's own origin are fetched, so the token goes nowhere else.
func (a api) get(ctx context.Context, u *url.URL, v any) (http.Header, error) {
	if u.Scheme != a.base.Scheme || u.Host != a.base.Host {
		return nil, fmt.Errorf("%s: refusing to send the token to %s (not %s)", a.name, u.Redacted(), a.base.Host)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.name, err)
	}
	req.Header.Set("Authorization", a.auth)
	req.Header.Set("Accept", "application/json, application/scim+json")
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: GET %s: %w", a.name, u.Path, err)
	}
	defer resp.Body.Close()
	if err := a.status(resp, u); err != nil {
		return nil, err
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(v); err != nil {
		return nil, fmt.Errorf("%s: GET %s: unreadable answer: %w", a.name, u.Path, err)
	}
	return resp.Header, nil
}

func (a api) status(resp *http.Response, u *url.URL) error {
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	case resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%s: GET %s: 401 Unauthorized: the service refused the token in %s", a.name, u.Path, a.tokenEnv)
	case resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%s: GET %s: 403 Forbidden: the token in %s may not read groups and users", a.name, u.Path, a.tokenEnv)
	}
	return fmt.Errorf("%s: GET %s: HTTP %d", a.name, u.Path, resp.StatusCode)
}

// needToken fails early when the token variable is empty.
func needToken(name, token, env string) error {
	if token == "" {
		return fmt.Errorf("%s: no token: set %s", name, env)
	}
	return nil
}

// at is base with path p appended and query q.
func at(base *url.URL, p string, q url.Values) *url.URL {
	u := *base
	u.Path = base.Path + p
	u.RawQuery = q.Encode()
	return &u
}
