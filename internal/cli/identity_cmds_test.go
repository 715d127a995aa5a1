package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/oidcauth"
)

func TestHeadless(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		goos string
		want bool
	}{
		{"linux desktop", map[string]string{"DISPLAY": ":0"}, "linux", false},
		{"linux wayland", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, "linux", false},
		{"linux no display", nil, "linux", true},
		{"ssh connection", map[string]string{"DISPLAY": ":0", "SSH_CONNECTION": "1 2 3 4"}, "linux", true},
		{"ssh tty on mac", map[string]string{"SSH_TTY": "/dev/ttys001"}, "darwin", true},
		{"mac", nil, "darwin", false},
		{"windows", nil, "windows", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headless(func(k string) string { return tt.env[k] }, tt.goos); got != tt.want {
				t.Errorf("headless = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestOpenerWithoutDisplay: where no browser can appear (Linux without a
// display, an SSH session) the SAML sign-in prints the URL to open rather
// than starting a launcher and saying it opened a browser.
func TestOpenerWithoutDisplay(t *testing.T) {
	env := func(vars map[string]string) Env { return Env{Getenv: func(k string) string { return vars[k] }} }
	tests := []struct {
		name      string
		env       Env
		goos      string
		noBrowser bool
		want      bool // an opener is used
	}{
		{"linux desktop", env(map[string]string{"DISPLAY": ":0"}), "linux", false, true},
		{"linux without a display", env(nil), "linux", false, false},
		{"ssh session on a mac", env(map[string]string{"SSH_TTY": "/dev/ttys001"}), "darwin", false, false},
		{"--no-browser", env(map[string]string{"DISPLAY": ":0"}), "linux", true, false},
		{"injected browser without a display", Env{Opener: systemOpener{}}, "linux", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{env: tt.env}
			if got := a.openerOn(tt.noBrowser, tt.goos) != nil; got != tt.want {
				t.Errorf("opener used = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUseDevice(t *testing.T) {
	noDisplay := Env{Getenv: func(string) string { return "" }}
	tests := []struct {
		name              string
		env               Env
		device, noBrowser bool
		want              bool
	}{
		{"explicit", Env{Opener: systemOpener{}}, true, false, true},
		{"injected browser", Env{Opener: systemOpener{}, Getenv: noDisplay.Getenv}, false, false, false},
		{"no-browser prints the URL", noDisplay, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{env: tt.env}
			if got := a.useDevice(tt.device, tt.noBrowser); got != tt.want {
				t.Errorf("useDevice = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestChildEnv(t *testing.T) {
	parent := []string{"PATH=/bin", "AWS_PROFILE=x", "aws_access_key_id=lower", "AWS_SECRET_ACCESS_KEY=s",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://x", "QBIZ_KEYRING_PASSWORD=p", "HOME=/h", "AWS_CONFIG_FILE=/c"}
	got := childEnv(parent, []envVar{{"AWS_ACCESS_KEY_ID", "ASIAX"}})
	want := []string{"PATH=/bin", "HOME=/h", "AWS_CONFIG_FILE=/c", "AWS_ACCESS_KEY_ID=ASIAX", "AWS_EC2_METADATA_DISABLED=true"}
	if !slices.Equal(got, want) {
		t.Errorf("childEnv = %q, want %q", got, want)
	}
}

func TestQuoting(t *testing.T) {
	tests := []struct{ in, shell, dotenv string }{
		{"abc", "'abc'", `"abc"`},
		{"a'b", `'a'\''b'`, `"a'b"`},
		{`a"b\c`, `'a"b\c'`, `"a\"b\\c"`},
	}
	for _, tt := range tests {
		if got := shellQuote(tt.in); got != tt.shell {
			t.Errorf("shellQuote(%q) = %s, want %s", tt.in, got, tt.shell)
		}
		if got := dotenvQuote(tt.in); got != tt.dotenv {
			t.Errorf("dotenvQuote(%q) = %s, want %s", tt.in, got, tt.dotenv)
		}
	}
}

// TestExplain: every sentinel gets its advice; messages are scrubbed of
// credential-shaped text whatever wrapped it.
func TestExplain(t *testing.T) {
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYXJ5In0.c2lnbmF0dXJlc2lnbmF0dXJl"
	tests := []struct {
		err  error
		hint string
	}{
		{fmt.Errorf("x: %w", identity.ErrNotLoggedIn), "run: qbiz login --profile p"},
		{fmt.Errorf("refresh: %w", oidcauth.ErrInvalidGrant), "session has ended; run: qbiz login --profile p"},
		{fmt.Errorf("assume: %w", awscreds.ErrInvalidIdentityToken), "qbiz_issuer"},
		{fmt.Errorf("assume: %w", awscreds.ErrIDPRejectedClaim), "https://aws.amazon.com/tags"},
		{fmt.Errorf("assume: %w", awscreds.ErrAccessDenied), "trust policy"},
		{fmt.Errorf("assume: %w", awscreds.ErrClockSkew), "clock"},
		{fmt.Errorf("discover: %w", oidcauth.ErrIdPUnreachable), "could not be reached"},
		{fmt.Errorf("token %s: %w", jwt, identity.ErrIdentityChanged), "different user"},
		{errors.New("other"), "-v"},
	}
	for _, tt := range tests {
		var b strings.Builder
		render(&b, explain("p", tt.err), true)
		msg := b.String()
		if !strings.Contains(msg, "hint: ") || !strings.Contains(msg, tt.hint) {
			t.Errorf("explain(%v) = %q, want hint with %q", tt.err, msg, tt.hint)
		}
		if strings.Contains(msg, jwt) {
			t.Errorf("explain leaked a token: %q", msg)
		}
	}
}
