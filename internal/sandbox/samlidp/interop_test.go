package samlidp

import (
	"net/url"
	"strings"
	"testing"

	"github.com/crewjam/saml"
	saml2 "github.com/russellhaering/gosaml2"
	"github.com/russellhaering/gosaml2/types"
)

// TestErrorResponses: valid requests the IdP cannot satisfy get an
// assertion-less error Response at the verified ACS, never a login.
func TestErrorResponses(t *testing.T) {
	cases := []struct {
		name, xml, code, sub string
	}{
		{"passive", authnRequest("_p", awsSP, "", ` IsPassive="true"`), statusResponder, statusNoPassive},
		{"transient NameID", strings.Replace(authnRequest("_p", awsSP, "", ""), `nameid-format:persistent`, `nameid-format:transient`, 1),
			statusRequester, statusInvalidNameIDPolicy},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, SignBoth)
			p := h.redirect(deflateB64(tc.xml), "r")
			checkAutoPost(t, p, DefaultAudience, "r")
			var r types.Response
			mustUnmarshal(t, responseXML(t, p), &r)
			if len(r.Assertions) != 0 || r.InResponseTo != "_p" || r.Status.StatusCode.Value != tc.code {
				t.Fatalf("response: assertions=%d InResponseTo=%q status=%q", len(r.Assertions), r.InResponseTo, r.Status.StatusCode.Value)
			}
			if !strings.Contains(string(responseXML(t, p)), tc.sub) {
				t.Errorf("second-level status %s missing", tc.sub)
			}
		})
	}
}

// TestCrewjamServiceProvider drives the IdP with requests built by
// crewjam/saml's service provider from the IdP's metadata.
func TestCrewjamServiceProvider(t *testing.T) {
	cases := []struct {
		name   string
		format saml.NameIDFormat
		wantOK bool
	}{
		{"persistent", saml.PersistentNameIDFormat, true},
		{"unspecified", saml.UnspecifiedNameIDFormat, true},
		{"default transient", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, SignAssertion)
			md := &saml.EntityDescriptor{}
			mustUnmarshal(t, fetchMetadata(t, h), md)
			acs, _ := url.Parse("http://127.0.0.1:40123/saml/acs")
			sp := saml.ServiceProvider{EntityID: appSP, AcsURL: *acs, IDPMetadata: md, AuthnNameIDFormat: tc.format}
			u, err := sp.MakeRedirectAuthenticationRequest("rs")
			if err != nil {
				t.Fatal(err)
			}
			p := h.do(mustGet(t, u.String()))
			if got := hidden(p.body, pendingField) != ""; got != tc.wantOK {
				t.Fatalf("login form shown = %v, want %v (status %d)", got, tc.wantOK, p.status)
			}
			if tc.wantOK {
				checkAutoPost(t, h.login(p, "mary", "pw-mary"), acs.String(), "rs")
			}
		})
	}
}

// TestGosaml2ServiceProvider drives both bindings with requests built by
// gosaml2's service provider.
func TestGosaml2ServiceProvider(t *testing.T) {
	for _, binding := range []string{bindingRedirect, bindingPOST} {
		t.Run(binding, func(t *testing.T) {
			h := newHarness(t, SignResponse)
			sp := &saml2.SAMLServiceProvider{
				IdentityProviderSSOURL: h.idp.SSOURL(), IdentityProviderSSOBinding: binding,
				ServiceProviderIssuer: appSP, AssertionConsumerServiceURL: "http://127.0.0.1:40124/saml/acs",
				NameIdFormat: nameIDPersistent,
			}
			var p page
			if binding == bindingRedirect {
				u, err := sp.BuildAuthURL("rs")
				if err != nil {
					t.Fatal(err)
				}
				p = h.do(mustGet(t, u))
			} else {
				doc, err := sp.BuildAuthRequestDocumentNoSig()
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := doc.WriteToString()
				p = h.postRequest(b64(raw), "rs")
			}
			checkAutoPost(t, h.login(p, "mary", "pw-mary"), "http://127.0.0.1:40124/saml/acs", "rs")
		})
	}
}
