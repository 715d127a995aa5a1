package oidcauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// deniedBrowser stands for an IdP that sends the browser back with an
// authorization error instead of a code.
type deniedBrowser struct {
	b      *asyncBrowser
	issuer string
}

func (d deniedBrowser) Open(authURL string) error {
	u, err := url.Parse(authURL)
	if err != nil {
		return err
	}
	q := u.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		return err
	}
	back.RawQuery = url.Values{"state": {q.Get("state")}, "iss": {d.issuer}, "error": {"access_denied"},
		"error_description": {"the user declined"}}.Encode()
	go func() { d.b.done <- d.b.land(back) }()
	return nil
}

// TestLoginPageTellsTheOutcome: the redirect URI that carried code and
// state answers with a bare 303 to a clean URL of the listener (OAUTH-08),
// whose page says whether qbiz accepted the sign-in: an IdP error, or tokens
// the caller's Accept refuses, show a failure pointing to the terminal,
// and Login returns the reason.
func TestLoginPageTellsTheOutcome(t *testing.T) {
	refused := errors.New("AWS refused the token")
	tests := []struct {
		name     string
		deny     bool
		accept   func(*Tokens) error
		wantErr  error
		wantPath string
		wantPage string
	}{
		{"accepted", false, nil, nil, "/done", "Signed in"},
		{"error from the IdP", true, nil, ErrAccessDenied, "/failed", "Sign-in failed"},
		{"refused by the caller", false, func(*Tokens) error { return refused }, refused, "/failed", "Sign-in failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newIdP(t)
			b := e.browser(maryUser, maryPassword).async()
			var op Opener = b
			if tt.deny {
				op = deniedBrowser{b, e.issuer}
			}
			toks, err := Login(context.Background(), e.rp(""), LoginOptions{Opener: op, Accept: tt.accept})
			if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && (!errors.Is(err, tt.wantErr) || toks != nil)) {
				t.Fatalf("Login: %v, want %v", err, tt.wantErr)
			}
			if err := <-b.done; err != nil {
				t.Fatal(err)
			}
			checkCleanRedirect(t, <-b.redirect, tt.wantPath)
			page := <-b.page
			body := readAll(t, page)
			if page.StatusCode != http.StatusOK || !strings.Contains(body, tt.wantPage) {
				t.Errorf("page %d %q, want %q", page.StatusCode, body, tt.wantPage)
			}
			if tt.wantErr != nil && (!strings.Contains(body, "terminal") || strings.Contains(body, "declined")) {
				t.Errorf("failure page %q: want a pointer to the terminal and nothing of the response", body)
			}
		})
	}
}

// checkCleanRedirect: the answer at the redirect URI is a 303 without a
// body to path on the same origin, under no-referrer and no-store.
func checkCleanRedirect(t *testing.T, resp *http.Response, path string) {
	t.Helper()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("redirect URI answered %d without Location", resp.StatusCode)
	}
	got := fmt.Sprintf("%d %s %s", resp.StatusCode, loc.Host, loc.RequestURI())
	want := fmt.Sprintf("%d %s %s", http.StatusSeeOther, resp.Request.URL.Host, path)
	if got != want {
		t.Errorf("redirect URI answered %q, want %q", got, want)
	}
	if body := readAll(t, resp); body != "" {
		t.Errorf("the URL carrying code and state rendered %q", body)
	}
	if resp.Header.Get("Referrer-Policy") != "no-referrer" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("redirect headers %v", resp.Header)
	}
}
