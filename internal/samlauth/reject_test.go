package samlauth

import (
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// mutation turns the genuine response XML into a variant.
type mutation func(t *testing.T, xml string) string

// rejectCase runs in a fixture whose positive twin is the same mutation
// pipeline with identity (re-signed where the case re-signs).
type rejectCase struct {
	name string
	mut  mutation
	kind error // nil: must be accepted
}

func runCases(t *testing.T, policy samlidp.SigningPolicy, cases []rejectCase) {
	t.Helper()
	f := newFixture(t, policy)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, form, xml := f.genuine("mary")
			form = withXML(form, tc.mut(t, xml))
			if tc.kind == nil {
				wantAccept(t, f.sp, req, form, marySubject(t))
				return
			}
			wantReject(t, f.sp, req, form, tc.kind)
		})
	}
}

// resigned re-signs the assertion with the trusted test key after fn.
func resigned(fn func(root *etree.Element)) mutation {
	return func(t *testing.T, xml string) string { return resign(t, trustedSigner(t), xml, false, fn) }
}

// raw applies a string edit without re-signing.
func raw(fn func(string) string) mutation {
	return func(_ *testing.T, xml string) string { return fn(xml) }
}

func noop(*etree.Element) {}

func TestSAML09_SignatureExclusionRejected(t *testing.T) {
	runCases(t, samlidp.SignBoth, []rejectCase{
		{"twin", raw(func(s string) string { return s }), nil},
		{"all signatures removed", func(t *testing.T, x string) string { return edit(t, x, removeSignatures) }, ErrSignature},
		{"assertion signature removed, response signature kept", func(t *testing.T, x string) string {
			return edit(t, x, func(r *etree.Element) { a := assertionOf(r); a.RemoveChild(a.SelectElement("Signature")) })
		}, ErrSignature},
	})
}

func TestSAML10_SignatureFromAnotherKeyRejected(t *testing.T) {
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"trusted rollover key twin", resigned(noop), nil},
		{"attacker key with its certificate in KeyInfo", func(t *testing.T, x string) string {
			return resign(t, attackerSigner(t), x, false, func(r *etree.Element) { setNameID(assertionOf(r), alice) })
		}, ErrSignature},
		{"attacker key, response and assertion", func(t *testing.T, x string) string {
			return resign(t, attackerSigner(t), x, true, noop)
		}, ErrSignature},
	})
}

func TestSAML11_MultipleAssertionsRejected(t *testing.T) {
	second := func(before bool) mutation {
		return func(t *testing.T, x string) string {
			return edit(t, x, func(r *etree.Element) {
				a := assertionOf(r)
				if before {
					r.InsertChildAt(a.Index(), evilAssertion(a))
				} else {
					r.AddChild(evilAssertion(a))
				}
			})
		}
	}
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", resigned(noop), nil},
		{"unsigned second assertion before", second(true), ErrMalformed},
		{"unsigned second assertion after", second(false), ErrMalformed},
		{"two validly signed assertions", func(t *testing.T, x string) string {
			return edit(t, x, func(r *etree.Element) {
				evil := evilAssertion(assertionOf(r))
				r.AddChild(evil)
				signWith(t, trustedSigner(t), evil, "")
			})
		}, ErrMalformed},
		{"assertion plus EncryptedAssertion", raw(func(s string) string {
			return strings.Replace(s, "</samlp:Response>", `<saml:EncryptedAssertion><x/></saml:EncryptedAssertion></samlp:Response>`, 1)
		}), ErrEncryptedAssertion},
		{"no assertion", func(t *testing.T, x string) string {
			return edit(t, x, func(r *etree.Element) { r.RemoveChild(assertionOf(r)) })
		}, ErrMalformed},
	})
}

// TestSAML12_CommentInNameIDReadInFull: mallory, whose NameID contains
// alice's, splits it with a comment; exc-c14n ignores the comment so the
// IdP's signature still verifies, and the identity must stay mallory's full
// NameID, never alice's.
func TestSAML12_CommentInNameIDReadInFull(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	splits := map[string]string{
		"comment":         "alice@corp.test<!---->.mallory.test",
		"cdata":           "alice@corp.test<![CDATA[.mallory.test]]>",
		"comment and pad": "alice@corp.test<!-- x -->.mallory<!---->.test",
	}
	for name, split := range splits {
		t.Run(name, func(t *testing.T) {
			req, form, xml := f.genuine("mallory")
			forged := strings.Replace(xml, ">"+malloryNameID+"<", ">"+split+"<", 1)
			if forged == xml {
				t.Fatal("NameID not found")
			}
			res := wantAccept(t, f.sp, req, withXML(form, forged), malloryNameID)
			if res.Identity.Subject == alice {
				t.Fatal("truncated to alice")
			}
		})
	}
	t.Run("element inside NameID", func(t *testing.T) {
		req, form, xml := f.genuine("mary")
		forged := resign(t, trustedSigner(t), xml, false, func(r *etree.Element) {
			n := find(assertionOf(r), "Subject/NameID")
			n.SetText(alice)
			n.CreateElement("saml:x").SetText(".mallory")
		})
		wantReject(t, f.sp, req, withXML(form, forged), ErrMalformed)
	})
}

func TestSAML13_RoundTripConstructsRejected(t *testing.T) {
	inject := func(s, old, new string) mutation {
		return raw(func(x string) string { return strings.Replace(x, old, new, 1) })
	}
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", raw(func(s string) string { return s }), nil},
		{"double colon element", inject("", "<saml:Assertion ", "<x::Root/><saml:Assertion "), ErrMalformed},
		{"empty attribute prefix", inject("", "<saml:Assertion ", `<saml:Assertion :attr="foo" `), ErrMalformed},
		{"empty xmlns prefix", inject("", "<saml:Assertion ", `<saml:Assertion xmlns:="urn:x" `), ErrMalformed},
		{"trailing colon", inject("", "<saml:Assertion ", `<x: xmlns:x="urn:x"/><saml:Assertion `), ErrMalformed},
		{"directive inside", inject("", "<saml:Assertion ", `<!x><saml:Assertion `), ErrMalformed},
		{"undeclared xmlns prefix", inject("", "<saml:Assertion ", `<saml:Assertion xmlns:y="" `), ErrMalformed},
	})
}

func TestSAML14_SignatureStructureRejected(t *testing.T) {
	sigEdit := func(fn func(sig *etree.Element, a *etree.Element)) mutation {
		return func(t *testing.T, x string) string {
			return edit(t, x, func(r *etree.Element) { a := assertionOf(r); fn(find(a, "Signature"), a) })
		}
	}
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", resigned(noop), nil},
		{"two references", sigEdit(func(sig, _ *etree.Element) {
			si := find(sig, "SignedInfo")
			ref := find(si, "Reference").Copy()
			ref.CreateAttr("URI", "#_other")
			si.AddChild(ref)
		}), ErrMalformed},
		{"two signatures", sigEdit(func(sig, a *etree.Element) { a.AddChild(sig.Copy()) }), ErrMalformed},
		{"signature moved into a child", sigEdit(func(sig, a *etree.Element) {
			a.RemoveChild(sig)
			find(a, "Subject").AddChild(sig)
		}), ErrMalformed},
		{"empty reference URI", sigEdit(func(sig, _ *etree.Element) { find(sig, "SignedInfo/Reference").CreateAttr("URI", "") }), ErrMalformed},
		{"external reference URI", sigEdit(func(sig, _ *etree.Element) {
			find(sig, "SignedInfo/Reference").CreateAttr("URI", "http://127.0.0.1:1/canary")
		}), ErrMalformed},
		{"signature on the Issuer", sigEdit(func(sig, a *etree.Element) {
			a.RemoveChild(sig)
			find(a, "Issuer").AddChild(sig)
		}), ErrMalformed},
	})
}

// TestSAML15_NamespaceConfusionRejected covers GO-2026-6909 (crewjam ≤
// v0.5.1 matched Subject.NameID in any namespace; no fixed release): a
// validly signed assertion whose only NameID is in a foreign namespace, an
// assertion or Response without Issuer, and SAML 1.1 elements.
func TestSAML15_NamespaceConfusionRejected(t *testing.T) {
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", resigned(noop), nil},
		{"GO-2026-6909 foreign-namespace NameID only", resigned(func(r *etree.Element) {
			s := find(assertionOf(r), "Subject")
			s.RemoveChild(s.SelectElement("NameID"))
			evil := etree.NewElement("x:NameID")
			evil.CreateAttr("xmlns:x", "urn:evil")
			evil.SetText(alice)
			s.InsertChildAt(0, evil)
		}), ErrMalformed},
		{"GO-2026-6909 foreign-namespace NameID beside the real one", resigned(func(r *etree.Element) {
			s := find(assertionOf(r), "Subject")
			evil := etree.NewElement("x:NameID")
			evil.CreateAttr("xmlns:x", "urn:evil")
			evil.SetText(alice)
			s.InsertChildAt(0, evil)
		}), ErrMalformed},
		{"assertion without Issuer", resigned(func(r *etree.Element) {
			a := assertionOf(r)
			a.RemoveChild(a.SelectElement("Issuer"))
		}), ErrWrongIssuer},
		{"response without Issuer", resigned(func(r *etree.Element) { r.RemoveChild(r.SelectElement("Issuer")) }), ErrWrongIssuer},
		{"response Issuer in a foreign namespace", resigned(func(r *etree.Element) {
			iss := r.SelectElement("Issuer")
			iss.Space = "x"
			iss.CreateAttr("xmlns:x", "urn:evil")
		}), ErrMalformed},
		{"SAML 1.1 assertion", raw(func(s string) string {
			return strings.Replace(s, "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"",
				"<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:1.0:assertion\"", 1)
		}), ErrMalformed},
	})
}

func TestSAML16_ParserDifferentialsRejected(t *testing.T) {
	withDecl := func(decl string) mutation {
		return raw(func(s string) string { return decl + s })
	}
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin with UTF-8 declaration", withDecl(`<?xml version="1.0" encoding="UTF-8"?>`), nil},
		{"DOCTYPE", withDecl(`<!DOCTYPE Response>`), ErrMalformed},
		{"CVE-2025-25291 construction", withDecl(`<!DOCTYPE x [ <!ATTLIST x y CDATA 'x"><!--'> ]>`), ErrMalformed},
		{"ISO-8859-1 declaration", withDecl(`<?xml version="1.0" encoding="ISO-8859-1"?>`), ErrMalformed},
		{"UTF-16 declaration", withDecl(`<?xml version="1.0" encoding="UTF-16"?>`), ErrMalformed},
		{"invalid UTF-8", raw(func(s string) string { return strings.Replace(s, "core-team", "core-\xff-team", 1) }), ErrMalformed},
		{"duplicate attribute", raw(func(s string) string {
			return strings.Replace(s, `<saml:Assertion `, `<saml:Assertion Version="2.0" `, 1)
		}), ErrMalformed},
		{"duplicate attribute through two prefixes", raw(func(s string) string {
			return strings.Replace(s, `<saml:Assertion `, `<saml:Assertion xmlns:a="urn:x" xmlns:b="urn:x" a:k="1" b:k="2" `, 1)
		}), ErrMalformed},
		{"processing instruction", raw(func(s string) string {
			return strings.Replace(s, `<saml:Assertion `, `<?evil x?><saml:Assertion `, 1)
		}), ErrMalformed},
	})
}

func TestSAML17_ExternalReferencesRejected(t *testing.T) {
	sigEdit := func(fn func(sig *etree.Element)) mutation {
		return func(t *testing.T, x string) string {
			return edit(t, x, func(r *etree.Element) { fn(find(assertionOf(r), "Signature")) })
		}
	}
	canary := canaryServer(t)
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", raw(func(s string) string { return s }), nil},
		{"external entity", raw(func(s string) string {
			return `<!DOCTYPE r [<!ENTITY % x SYSTEM "` + canary.URL + `/xxe"> %x;]>` + s
		}), ErrMalformed},
		{"XSLT transform", sigEdit(func(sig *etree.Element) {
			ts := find(sig, "SignedInfo/Reference/Transforms")
			ts.CreateElement("ds:Transform").CreateAttr("Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116")
		}), ErrMalformed},
		{"RetrievalMethod", sigEdit(func(sig *etree.Element) {
			find(sig, "KeyInfo").CreateElement("ds:RetrievalMethod").CreateAttr("URI", canary.URL+"/key")
		}), ErrMalformed},
		{"Reference to the canary", sigEdit(func(sig *etree.Element) {
			find(sig, "SignedInfo/Reference").CreateAttr("URI", canary.URL+"/ref")
		}), ErrMalformed},
	})
	if n := canary.hits.Load(); n != 0 {
		t.Fatalf("canary received %d requests", n)
	}
}

func TestSAML19_WeakAlgorithmsRejected(t *testing.T) {
	sha1 := func(t *testing.T, x string) string {
		return edit(t, x, func(r *etree.Element) {
			removeSignatures(r)
			signWith(t, trustedSigner(t), assertionOf(r), "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
		})
	}
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin sha256", resigned(noop), nil},
		{"rsa-sha1", sha1, ErrMalformed},
		{"HMAC signature method", raw(func(s string) string {
			return strings.Replace(s, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#hmac-sha1", 1)
		}), ErrMalformed},
		{"sha1 digest", raw(func(s string) string {
			return strings.Replace(s, "http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1", 1)
		}), ErrMalformed},
	})
}
