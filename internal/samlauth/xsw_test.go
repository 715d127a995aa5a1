package samlauth

import (
	"errors"
	"testing"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// XML signature wrapping (SAML-01…08), each variant built from a genuine
// response signed by the sandbox IdP, as in SAML Raider's XSWHelpers: the
// genuine signature stays intact and an evil copy names alice.

const alice = "alice@corp.test"

func setNameID(a *etree.Element, v string) { find(a, "Subject/NameID").SetText(v) }

func setID(el *etree.Element, id string) { el.CreateAttr("ID", id) }

// unsigned returns a copy of el without its direct ds:Signature.
func unsigned(el *etree.Element) *etree.Element {
	c := el.Copy()
	if s := c.SelectElement("Signature"); s != nil {
		c.RemoveChild(s)
	}
	return c
}

// evilAssertion is an unsigned copy of the genuine assertion naming alice.
func evilAssertion(a *etree.Element) *etree.Element {
	e := unsigned(a)
	setID(e, "_evil")
	setNameID(e, alice)
	return e
}

var xswCases = map[string]struct {
	policy samlidp.SigningPolicy
	wrap   func(root *etree.Element)
}{
	"XSW1": {samlidp.SignResponse, func(root *etree.Element) {
		clone := unsigned(root)
		find(root, "Signature").AddChild(clone)
		setID(root, "_evil")
		setNameID(assertionOf(root), alice)
	}},
	"XSW2": {samlidp.SignResponse, func(root *etree.Element) {
		clone := unsigned(root)
		sig := find(root, "Signature")
		root.InsertChildAt(sig.Index(), clone)
		setID(root, "_evil")
		setNameID(assertionOf(root), alice)
	}},
	"XSW3": {samlidp.SignAssertion, func(root *etree.Element) {
		a := assertionOf(root)
		root.InsertChildAt(a.Index(), evilAssertion(a))
	}},
	"XSW4": {samlidp.SignAssertion, func(root *etree.Element) {
		a := assertionOf(root)
		evil := evilAssertion(a)
		root.RemoveChild(a)
		evil.AddChild(a)
		root.AddChild(evil)
	}},
	"XSW5": {samlidp.SignAssertion, func(root *etree.Element) {
		a := assertionOf(root)
		orig := unsigned(a)
		setID(a, "_evil")
		setNameID(a, alice)
		root.AddChild(orig)
	}},
	"XSW6": {samlidp.SignAssertion, func(root *etree.Element) {
		a := assertionOf(root)
		orig := unsigned(a)
		setID(a, "_evil")
		setNameID(a, alice)
		find(a, "Signature").AddChild(orig)
	}},
	"XSW7": {samlidp.SignAssertion, func(root *etree.Element) {
		a := assertionOf(root)
		ext := etree.NewElement("samlp:Extensions")
		ext.AddChild(evilAssertion(a))
		root.InsertChildAt(a.Index(), ext)
	}},
	"XSW8": {samlidp.SignAssertion, func(root *etree.Element) {
		a := assertionOf(root)
		orig := unsigned(a)
		setNameID(a, alice)
		obj := etree.NewElement("ds:Object")
		obj.AddChild(orig)
		find(a, "Signature").AddChild(obj)
	}},
}

// runXSW checks the positive twin, then the wrapped variant.
func runXSW(t *testing.T, name string) {
	tc := xswCases[name]
	f := newFixture(t, tc.policy)
	req, form, _ := f.genuine("mary")
	wantAccept(t, f.sp, req, form, marySubject(t))
	req, form, xml := f.genuine("mary")
	wrapped := edit(t, xml, tc.wrap)
	wantReject(t, f.sp, req, withXML(form, wrapped), ErrInvalidResponse)
}

func TestSAML01_XSW1Rejected(t *testing.T) { runXSW(t, "XSW1") }
func TestSAML02_XSW2Rejected(t *testing.T) { runXSW(t, "XSW2") }
func TestSAML03_XSW3Rejected(t *testing.T) { runXSW(t, "XSW3") }
func TestSAML04_XSW4Rejected(t *testing.T) { runXSW(t, "XSW4") }
func TestSAML05_XSW5Rejected(t *testing.T) { runXSW(t, "XSW5") }
func TestSAML06_XSW6Rejected(t *testing.T) { runXSW(t, "XSW6") }
func TestSAML07_XSW7Rejected(t *testing.T) { runXSW(t, "XSW7") }
func TestSAML08_XSW8Rejected(t *testing.T) { runXSW(t, "XSW8") }

// TestXSWVariantsRejectedByOwnChecks: with the IdP's signature kept, each
// variant must fail in the structure checks, before any signature work
// could be fooled. The error names the structural reason, not the signature.
func TestXSWVariantsRejectedByOwnChecks(t *testing.T) {
	for name, tc := range xswCases {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, tc.policy)
			_, _, xml := f.genuine("mary")
			_, err := parseResponse([]byte(edit(t, xml, tc.wrap)))
			if err == nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("parseResponse err = %v, want ErrMalformed", err)
			}
		})
	}
}
