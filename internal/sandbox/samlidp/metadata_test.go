package samlidp

import (
	"bytes"
	"testing"

	"github.com/russellhaering/gosaml2/types"
)

func TestMetadata(t *testing.T) {
	h := newHarness(t, SignAssertion)
	raw := fetchMetadata(t, h)
	if len(raw) < 1000 || len(raw) > 10_000_000 {
		t.Fatalf("metadata is %d bytes; IAM needs 1000..10000000", len(raw))
	}
	if !bytes.Equal(raw, h.idp.Metadata()) {
		t.Error("served metadata differs from Metadata()")
	}
	if err := checkXML(raw); err != nil {
		t.Errorf("metadata fails the inbound XML checks: %v", err)
	}
	var md types.EntityDescriptor
	mustUnmarshal(t, raw, &md)
	v := newVerifier(t, h)
	if md.EntityID != h.idp.EntityID() || h.idp.EntityID() != h.idp.MetadataURL() {
		t.Errorf("entityID = %q, EntityID() = %q", md.EntityID, h.idp.EntityID())
	}
	if len(v.certs.Roots) != 1 || !v.certs.Roots[0].Equal(h.idp.Certificate()) {
		t.Error("metadata signing certificate differs from Certificate()")
	}
	if bits := h.idp.Certificate().PublicKey; bits == nil {
		t.Error("no public key")
	}
	idp := md.IDPSSODescriptor
	if idp.KeyDescriptors[0].Use != "signing" {
		t.Errorf("KeyDescriptor use = %q", idp.KeyDescriptors[0].Use)
	}
	bindings := map[string]string{}
	for _, s := range idp.SingleSignOnServices {
		bindings[s.Binding] = s.Location
	}
	for _, b := range []string{bindingRedirect, bindingPOST} {
		if bindings[b] != h.idp.SSOURL() {
			t.Errorf("SingleSignOnService %s = %q, want %q", b, bindings[b], h.idp.SSOURL())
		}
	}
	if len(idp.NameIDFormats) == 0 || idp.NameIDFormats[0].Value != nameIDPersistent {
		t.Errorf("NameIDFormats = %+v", idp.NameIDFormats)
	}
}

func TestNewValidatesOptions(t *testing.T) {
	dir := testDirectory()
	cases := []struct {
		name string
		opts Options
	}{
		{"relative base", Options{BaseURL: "/idp/saml", Directory: dir}},
		{"ftp base", Options{BaseURL: "ftp://h/idp", Directory: dir}},
		{"query in base", Options{BaseURL: "http://h/idp?x=1", Directory: dir}},
		{"no directory", Options{BaseURL: "http://h/idp"}},
		{"bad policy", Options{BaseURL: "http://h/idp", Directory: dir, Signing: 7}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.opts); err == nil {
				t.Error("New accepted invalid options")
			}
		})
	}
}

func TestACSMatching(t *testing.T) {
	sp := ServiceProvider{ACSURLs: []string{
		"http://127.0.0.1/cb", "http://[::1]:7000/cb", "https://app.example.com/acs", "http://127.0.0.1:1/q?x=1",
	}}
	cases := []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1/cb", true},
		{"http://127.0.0.1:49152/cb", true},
		{"http://[::1]:1234/cb", true},
		{"http://[::1]/cb", true},
		{"https://app.example.com/acs", true},
		{"http://127.0.0.1:2/q?x=1", true},
		{"http://127.0.0.1:2/q?x=2", false},
		{"http://127.0.0.1:0/cb", false},
		{"http://127.0.0.1:99999/cb", false},
		{"http://127.0.0.1:1/cb/", false},
		{"http://127.0.0.2:1/cb", false},
		{"http://localhost:1/cb", false},
		{"https://127.0.0.1:1/cb", false},
		{"https://app.example.com:443/acs", false},
		{"https://app.example.com/acs/", false},
		{"https://APP.example.com/acs", false},
		{"http://app.example.com/acs", false},
		{"javascript:alert(1)", false},
		{"", false},
	}
	for _, tc := range cases {
		if got := sp.allowsACS(tc.url); got != tc.want {
			t.Errorf("allowsACS(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}
