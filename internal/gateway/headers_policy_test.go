package gateway

import (
	"net/url"
	"testing"
)

// Several IdPs at one origin (a sandbox, one Okta org for OIDC and SAML)
// name that origin once in the CSP's form-action.
func TestFormActionNamesEachOriginOnce(t *testing.T) {
	u, _ := url.Parse("https://chat.example.com")
	h := newHeaderPolicy(u, []string{"https://idp.example.com", "https://idp.example.com", "https://sso.example.net"}, nil)
	if want := "'self' https://idp.example.com https://sso.example.net"; h.formAction != want {
		t.Fatalf("form-action %q, want %q", h.formAction, want)
	}
}
