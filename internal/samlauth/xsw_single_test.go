package samlauth

import (
	"errors"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// The XSW variants of xsw_test.go all carry two assertions, so the
// one-assertion rule rejects them before any other structural rule is
// reached. These variants carry exactly one Assertion, signed by a trusted
// key, and break exactly one structural rule: each must be rejected by that
// rule, named in the error.
var singleAssertionXSW = []struct {
	name   string
	policy samlidp.SigningPolicy
	wrap   mutation
	reason string
}{
	{"the signed assertion moved inside Status", samlidp.SignAssertion, func(t *testing.T, x string) string {
		return edit(t, x, func(r *etree.Element) {
			a := assertionOf(r)
			r.RemoveChild(a)
			find(r, "Status").AddChild(a)
		})
	}, "not a SAML 2.0 Assertion directly inside the Response"},
	{"Status carries the signed assertion's ID", samlidp.SignAssertion, func(t *testing.T, x string) string {
		return edit(t, x, func(r *etree.Element) { setID(find(r, "Status"), attr(assertionOf(r), "ID")) })
	}, "duplicate ID attributes"},
	{"Response and Assertion share one ID, both signed", samlidp.SignBoth, func(t *testing.T, x string) string {
		return resign(t, trustedSigner(t), x, true, func(r *etree.Element) { setID(assertionOf(r), attr(r, "ID")) })
	}, "duplicate ID attributes"},
	{"the Response signature moved inside Status", samlidp.SignResponse, func(t *testing.T, x string) string {
		return edit(t, x, func(r *etree.Element) {
			sig := r.SelectElement("Signature")
			r.RemoveChild(sig)
			find(r, "Status").AddChild(sig)
		})
	}, "not a direct child of the Response or the Assertion"},
	{"the assertion signature moved up to the Response", samlidp.SignAssertion, func(t *testing.T, x string) string {
		return edit(t, x, func(r *etree.Element) {
			a := assertionOf(r)
			sig := a.SelectElement("Signature")
			a.RemoveChild(sig)
			r.InsertChildAt(r.SelectElement("Issuer").Index()+1, sig)
		})
	}, "does not reference the element it is attached to"},
	{"an Object inside the assertion signature", samlidp.SignAssertion, func(t *testing.T, x string) string {
		return edit(t, x, func(r *etree.Element) {
			subject := find(assertionOf(r), "Subject").Copy()
			find(subject, "NameID").SetText(alice)
			obj := etree.NewElement("ds:Object")
			obj.AddChild(subject)
			find(assertionOf(r), "Signature").AddChild(obj)
		})
	}, errSignatureShape.Error()},
}

func TestXSWSingleAssertionRejectedByStructure(t *testing.T) {
	for _, tc := range singleAssertionXSW {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.policy)
			req, form, xml := f.genuine("mary")
			wrapped := tc.wrap(t, xml)
			if n := countAssertions(parseDoc(t, wrapped).Root()); n != 1 {
				t.Fatalf("the variant has %d assertions, want 1", n)
			}
			_, err := f.sp.Complete(req, withXML(form, wrapped))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tc.reason) {
				t.Fatalf("err = %v, want ErrMalformed: %s", err, tc.reason)
			}
		})
	}
}

func countAssertions(root *etree.Element) int {
	n := 0
	walk(root, func(el *etree.Element) {
		if el.Tag == "Assertion" {
			n++
		}
	})
	return n
}
