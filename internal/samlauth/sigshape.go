package samlauth

import (
	"errors"

	"github.com/beevik/etree"
)

var errSignatureShape = errors.New("a signature of a form this service provider does not accept")

// checkSignatureShape accepts only the plain enveloped signature SAML IdPs
// produce: SignedInfo, SignatureValue and an optional KeyInfo holding
// certificates; one Reference to the parent's ID; allow-listed algorithms
// (SAML-01…10, 14, 17, 19).
func checkSignatureShape(sig, parent *etree.Element) error {
	counts, err := dsigChildren(sig, "SignedInfo", "SignatureValue", "KeyInfo")
	if err != nil || counts["SignedInfo"] != 1 || counts["SignatureValue"] != 1 || counts["KeyInfo"] > 1 {
		return errSignatureShape
	}
	if ki := dsigChild(sig, "KeyInfo"); ki != nil && !plainKeyInfo(ki) {
		return errSignatureShape
	}
	id := parent.SelectAttrValue("ID", "")
	if id == "" {
		return errors.New("a signed element without an ID")
	}
	return checkSignedInfo(dsigChild(sig, "SignedInfo"), id)
}

func checkSignedInfo(si *etree.Element, id string) error {
	counts, err := dsigChildren(si, "CanonicalizationMethod", "SignatureMethod", "Reference")
	if err != nil || counts["CanonicalizationMethod"] != 1 || counts["SignatureMethod"] != 1 || counts["Reference"] != 1 {
		return errSignatureShape
	}
	if !allowedC14N[algorithm(dsigChild(si, "CanonicalizationMethod"))] {
		return errors.New("a canonicalisation method that is not exclusive c14n")
	}
	sm := dsigChild(si, "SignatureMethod")
	if !allowedSignatureMethods[algorithm(sm)] || len(sm.ChildElements()) != 0 {
		return errors.New("a signature algorithm that is not allowed")
	}
	return checkReference(dsigChild(si, "Reference"), id)
}

func checkReference(ref *etree.Element, id string) error {
	if ref.SelectAttrValue("URI", "") != "#"+id {
		return errors.New("a signature that does not reference the element it is attached to")
	}
	counts, err := dsigChildren(ref, "Transforms", "DigestMethod", "DigestValue")
	if err != nil || counts["Transforms"] != 1 || counts["DigestMethod"] != 1 || counts["DigestValue"] != 1 {
		return errSignatureShape
	}
	if !allowedDigestMethods[algorithm(dsigChild(ref, "DigestMethod"))] {
		return errors.New("a digest algorithm that is not allowed")
	}
	return checkTransforms(dsigChild(ref, "Transforms"))
}

// checkTransforms requires the enveloped-signature transform and allows
// exclusive c14n besides; XSLT, XPath and everything else are refused.
func checkTransforms(ts *etree.Element) error {
	enveloped := false
	for _, t := range ts.ChildElements() {
		alg := algorithm(t)
		if t.Tag != "Transform" || t.NamespaceURI() != nsDSig || !allowedTransforms[alg] {
			return errors.New("a signature transform that is not allowed")
		}
		if !onlyInclusiveNamespaces(t) {
			return errSignatureShape
		}
		enveloped = enveloped || alg == algEnveloped
	}
	if !enveloped || len(ts.ChildElements()) > 2 {
		return errSignatureShape
	}
	return nil
}

func onlyInclusiveNamespaces(t *etree.Element) bool {
	for _, c := range t.ChildElements() {
		if c.Tag != "InclusiveNamespaces" || c.NamespaceURI() != nsExcC14N {
			return false
		}
	}
	return len(t.ChildElements()) <= 1
}

// plainKeyInfo allows X509Data with certificates only (no RetrievalMethod,
// no URLs): the key is looked up in the metadata anyway.
func plainKeyInfo(ki *etree.Element) bool {
	for _, c := range ki.ChildElements() {
		if c.Tag != "X509Data" || c.NamespaceURI() != nsDSig {
			return false
		}
		for _, d := range c.ChildElements() {
			if d.Tag != "X509Certificate" || d.NamespaceURI() != nsDSig {
				return false
			}
		}
	}
	return true
}

// dsigChildren counts el's children by local name, refusing any child that
// is outside the XML-DSig namespace or not in allowed.
func dsigChildren(el *etree.Element, allowed ...string) (map[string]int, error) {
	counts := map[string]int{}
	for _, c := range el.ChildElements() {
		if c.NamespaceURI() != nsDSig || !contains(allowed, c.Tag) {
			return nil, errSignatureShape
		}
		counts[c.Tag]++
	}
	return counts, nil
}

func dsigChild(el *etree.Element, tag string) *etree.Element {
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == nsDSig {
			return c
		}
	}
	return nil
}

func algorithm(el *etree.Element) string { return el.SelectAttrValue("Algorithm", "") }
