package sandboxtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxPage bounds the pages read from the IdPs.
const maxPage = 1 << 20

// page is one HTTP response read in full.
type page struct {
	status   int
	url      *url.URL
	header   http.Header
	body     []byte
	location string
}

// noRedirect returns a copy of hc that stops at the first redirect.
func noRedirect(hc *http.Client) *http.Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func get(ctx context.Context, hc *http.Client, target string) (page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return page{}, err
	}
	return do(hc, req)
}

func postForm(ctx context.Context, hc *http.Client, target string, form url.Values) (page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return page{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(hc, req)
}

func do(hc *http.Client, req *http.Request) (page, error) {
	resp, err := noRedirect(hc).Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPage))
	if err != nil {
		return page{}, fmt.Errorf("read %s: %w", req.URL.Path, err)
	}
	return page{status: resp.StatusCode, url: req.URL, header: resp.Header, body: body, location: resp.Header.Get("Location")}, nil
}

// submitLogin fills the login form on p with username and password.
func submitLogin(ctx context.Context, hc *http.Client, p page, username, password string) (page, error) {
	if p.status != http.StatusOK {
		return page{}, fmt.Errorf("login form: status %d: %.200s", p.status, p.body)
	}
	f, err := ParseForm(p.url, p.body)
	if err != nil {
		return page{}, err
	}
	f.Fields.Set("username", username)
	f.Fields.Set("password", password)
	return postForm(ctx, hc, f.Action, f.Fields)
}
