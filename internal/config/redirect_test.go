package config

import (
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

// TestRedirectURIIsAFixedLoopback: qbiz_redirect_uri, in every mode, is a
// loopback http URI with an explicit port and a path that qbiz login can
// listen at; anything else is refused naming the key. The gateway, which
// never listens there, keeps only the general URL check.
func TestRedirectURIIsAFixedLoopback(t *testing.T) {
	good := []string{"http://127.0.0.1:8765/callback", "http://localhost:8000/auth/oidc/callback", "http://[::1]:8765/saml/acs"}
	bad := []string{"https://app.example.com/callback", "http://127.0.0.1/callback", "http://127.0.0.1:8765",
		"http://192.0.2.1:8765/callback", "http://127.0.0.1:0/callback"}
	for m, p := range validProfiles() {
		for _, v := range good {
			p.RedirectURI = v
			if err := p.Validate(); err != nil {
				t.Errorf("%s, %s: %v", m, v, err)
			}
		}
		for _, v := range bad {
			p.RedirectURI = v
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), KeyRedirectURI+": ") || !strings.Contains(err.Error(), "qbiz login listens exactly at this URI") {
				t.Errorf("%s, %s: %v, want a %s error", m, v, err, KeyRedirectURI)
			}
		}
	}
	gw := GatewayIdP{Name: "okta", Profile: validProfiles()[identity.ModeSAML]}
	gw.Profile.ApplicationID = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
	gw.Profile.RedirectURI = "https://gateway.example.com/saml/acs"
	if err := gw.Validate(); err != nil && strings.Contains(err.Error(), KeyRedirectURI) {
		t.Errorf("gateway: %v", err)
	}
}

// TestRedirectURIFromTheSamplesEnvironment: OIDC_REDIRECT_URI sets the
// fixed redirect of OIDC and Identity Center profiles, CUSTOM_ACS_URL the
// SAML one, and the file's value yields to them.
func TestRedirectURIFromTheSamplesEnvironment(t *testing.T) {
	env := MapEnv{"OIDC_REDIRECT_URI": "http://127.0.0.1:8765/callback", "CUSTOM_ACS_URL": "http://127.0.0.1:8766/saml/acs"}
	for m, want := range map[identity.Mode]string{
		identity.ModeOIDC: "http://127.0.0.1:8765/callback",
		identity.ModeIDC:  "http://127.0.0.1:8765/callback",
		identity.ModeSAML: "http://127.0.0.1:8766/saml/acs",
	} {
		file := validProfiles()[m]
		file.RedirectURI = "http://127.0.0.1:9999/callback"
		if got := Resolve(file, FromEnv(env), Overrides{}).RedirectURI; got != want {
			t.Errorf("%s: %q, want %q", m, got, want)
		}
	}
}
