package samlauth

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// pageOpener signs in as mary when asked to open a URL, lets tamper change
// the posted form, posts it to the ACS like a browser (following the
// redirect) and reports the page it landed on.
type pageOpener struct {
	t      *testing.T
	tamper func(url.Values)
	page   chan landed
}

type landed struct {
	url  *url.URL
	body string
	err  error
}

func (o *pageOpener) Open(u string) error {
	go func() {
		acs, form := browse(o.t, u, "mary", "pw-mary")
		if o.tamper != nil {
			o.tamper(form)
		}
		resp, err := httpClient.PostForm(acs, form)
		if err != nil {
			o.page <- landed{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		o.page <- landed{url: resp.Request.URL, body: string(b), err: err}
	}()
	return nil
}

// corruptSignature flips a byte of the signed assertion's text, so the
// signature no longer verifies.
func corruptSignature(form url.Values) {
	raw, _ := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	doc := strings.Replace(string(raw), "mary_major@example.com", "mary_majoR@example.com", 1)
	form.Set("SAMLResponse", base64.StdEncoding.EncodeToString([]byte(doc)))
}

// TestLoginPageTellsTheOutcome: the browser lands on a clean URL of the
// loopback listener (no response, no RelayState) whose page says whether
// qbiz accepted the sign-in: a response that fails verification, or one
// the caller's Accept refuses, shows a failure pointing to the terminal,
// and Login returns the reason.
func TestLoginPageTellsTheOutcome(t *testing.T) {
	refused := errors.New("the role is not granted")
	tests := []struct {
		name     string
		tamper   func(url.Values)
		accept   func(*Result) error
		wantErr  error
		wantPath string
		wantPage string
	}{
		{"accepted", nil, nil, nil, "/done", "Signed in"},
		{"bad signature", corruptSignature, nil, ErrSignature, "/failed", "Sign-in failed"},
		{"refused by the caller", nil, func(*Result) error { return refused }, refused, "/failed", "Sign-in failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, samlidp.SignAssertion)
			op := &pageOpener{t: t, tamper: tt.tamper, page: make(chan landed, 1)}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := Login(ctx, f.cfg, LoginOptions{Opener: op, Accept: tt.accept})
			if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("Login: %v, want %v", err, tt.wantErr)
			}
			p := <-op.page
			if p.err != nil {
				t.Fatal(p.err)
			}
			if p.url.Path != tt.wantPath || p.url.RawQuery != "" || !strings.Contains(p.body, tt.wantPage) {
				t.Errorf("landed on %s with %q, want %s saying %q", p.url, p.body, tt.wantPath, tt.wantPage)
			}
			if tt.wantErr != nil && (!strings.Contains(p.body, "terminal") || strings.Contains(p.body, "Signed in")) {
				t.Errorf("failure page %q does not send the person to the terminal", p.body)
			}
		})
	}
}
