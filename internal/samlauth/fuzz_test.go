package samlauth

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// FuzzCheckXML: the raw-XML pre-checks never panic, and whatever they
// accept has no DTD and is valid UTF-8.
func FuzzCheckXML(f *testing.F) {
	for _, s := range []string{
		`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`,
		`<?xml version="1.0" encoding="UTF-8"?><a/>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
		`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`,
		`<a b="1" b="2"/>`, `<x::Root/>`, `<a :b="c"/>`, `<a xmlns:="u"/>`, `<a><!-- c --><![CDATA[d]]></a>`,
		`<?pi x?><a/>`, "<a>\xff</a>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if checkXML(b, DefaultMaxResponseBytes) != nil {
			return
		}
		if bytes.Contains(b, []byte("<!DOCTYPE")) || bytes.Contains(b, []byte("<!ENTITY")) {
			t.Fatalf("accepted a DTD: %q", b)
		}
		_, _ = parseResponse(b)
	})
}

// FuzzComplete mutates a genuine response signed by the sandbox IdP:
// Complete never panics, and anything it accepts names mary.
func FuzzComplete(f *testing.F) {
	fx := newFixture(f, samlidp.SignAssertion)
	req, form, xml := fx.genuine("mary")
	for _, seed := range []string{
		xml,
		strings.Replace(xml, "<saml:Assertion ", `<saml:Assertion ID="_x" `, 1),
		strings.Replace(xml, "</samlp:Response>", "<saml:Assertion/></samlp:Response>", 1),
		"<!DOCTYPE x>" + xml,
	} {
		f.Add([]byte(seed))
	}
	want := marySubject(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg := fx.cfg
		cfg.Replay = NewMemoryReplayCacheAt(fx.spClock) // each input is a first use
		sp, err := NewServiceProvider(cfg)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sp.Complete(req, url.Values{
			"SAMLResponse": {base64.StdEncoding.EncodeToString(b)}, "RelayState": form["RelayState"],
		})
		if err == nil && res.Identity.Subject != want {
			t.Fatalf("accepted subject %q", res.Identity.Subject)
		}
	})
}
