package demo

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Browser plays a person at a browser: it opens the sign-in URL, fills the
// IdP's login form with the user's name and password, submits auto-posting
// forms (SAML) and follows redirects until it lands back at qbiz's loopback
// listener. It implements the openers of oidcauth and samlauth.
type Browser struct {
	Client   *http.Client
	Username string
	Password string
	// Err receives the outcome of the background flow (buffered, size 1).
	Err chan error
}

// NewBrowser returns a browser that signs in as username.
func NewBrowser(client *http.Client, username, password string) *Browser {
	return &Browser{Client: client, Username: username, Password: password, Err: make(chan error, 1)}
}

// Open starts the flow in the background; the loopback listener receives
// the result, as it would from a real browser.
func (b *Browser) Open(u string) error {
	go func() { b.Err <- b.run(context.Background(), u) }()
	return nil
}

// Drive runs login (which calls Open) and stops it early when the browser
// side of the flow fails, so a broken IdP page never leaves it waiting.
func (b *Browser) Drive(ctx context.Context, login func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- login(ctx) }()
	select {
	case err := <-done:
		return err
	case err := <-b.Err:
		if err != nil {
			cancel()
			<-done
			return err
		}
		return <-done
	}
}

const maxSteps = 8

func (b *Browser) run(ctx context.Context, start string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, start, nil)
	if err != nil {
		return fmt.Errorf("browser: %w", err)
	}
	for range maxSteps {
		page, base, err := b.fetch(req)
		if err != nil {
			return err
		}
		f, ok := parseForm(page)
		if !ok {
			return nil // a page without a form: the flow has ended
		}
		if req, err = b.submit(ctx, base, f); err != nil {
			return err
		}
	}
	return fmt.Errorf("browser: sign-in did not finish after %d pages", maxSteps)
}

func (b *Browser) fetch(req *http.Request) (string, *url.URL, error) {
	resp, err := b.Client.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("browser: %s: %w", req.URL.Redacted(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", nil, fmt.Errorf("browser: read page: %w", err)
	}
	if resp.StatusCode >= 400 {
		return "", nil, fmt.Errorf("browser: %s answered %s", resp.Request.URL.Host, resp.Status)
	}
	return string(body), resp.Request.URL, nil
}

func (b *Browser) submit(ctx context.Context, base *url.URL, f form) (*http.Request, error) {
	if _, ok := f.fields["username"]; ok || f.hasUser {
		f.fields.Set("username", b.Username)
		f.fields.Set("password", b.Password)
	}
	action, err := base.Parse(f.action)
	if err != nil {
		return nil, fmt.Errorf("browser: form action: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, action.String(), strings.NewReader(f.fields.Encode()))
	if err != nil {
		return nil, fmt.Errorf("browser: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

type form struct {
	action  string
	fields  url.Values
	hasUser bool
}

var (
	formRE  = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRE = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	attrRE  = regexp.MustCompile(`(?is)([a-z-]+)\s*=\s*"([^"]*)"`)
)

func parseForm(page string) (form, bool) {
	m := formRE.FindStringSubmatch(page)
	if m == nil {
		return form{}, false
	}
	f := form{action: attrs(m[1])["action"], fields: url.Values{}}
	for _, in := range inputRE.FindAllStringSubmatch(m[2], -1) {
		a := attrs(in[1])
		switch {
		case a["name"] == "username" || a["name"] == "password":
			f.hasUser = true
		case a["name"] != "" && a["type"] != "submit":
			f.fields.Set(a["name"], a["value"])
		}
	}
	return f, true
}

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}
