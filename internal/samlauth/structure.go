package samlauth

import (
	"errors"
	"fmt"

	"github.com/beevik/etree"
)

// shape is the checked structure of a Response: its single assertion and
// the signatures found on each.
type shape struct {
	response, assertion       *etree.Element
	responseSig, assertionSig *etree.Element
}

// parseResponse parses pre-checked bytes and checks the structure.
func parseResponse(b []byte) (*shape, error) {
	doc := etree.NewDocument()
	doc.ReadSettings.PreserveDuplicateAttrs = true
	if err := doc.ReadFromBytes(b); err != nil || doc.Root() == nil {
		return nil, reject(ErrMalformed, "not well-formed XML")
	}
	root := doc.Root()
	if root.Tag != "Response" || root.NamespaceURI() != nsProtocol {
		return nil, reject(ErrMalformed, "the document is not a SAML 2.0 Response")
	}
	s, err := checkStructure(root)
	if err != nil && failedStatus(root) != nil {
		return nil, failedStatus(root)
	}
	if errors.Is(err, ErrEncryptedAssertion) {
		return nil, reject(ErrEncryptedAssertion, "")
	}
	if err != nil {
		return nil, reject(ErrMalformed, err.Error())
	}
	return s, nil
}

// checkStructure enforces exactly one Assertion (looked up in every
// namespace and at every depth), unique IDs and signature placement.
func checkStructure(root *etree.Element) (*shape, error) {
	var assertions, sigs []*etree.Element
	ids := map[string]bool{}
	var walkErr error
	walk(root, func(el *etree.Element) {
		switch el.Tag {
		case "Assertion", "EncryptedAssertion", "EncryptedData":
			assertions = append(assertions, el)
		case "Signature":
			sigs = append(sigs, el)
		}
		if id := el.SelectAttr("ID"); id != nil {
			if ids[id.Value] && walkErr == nil {
				walkErr = errors.New("duplicate ID attributes")
			}
			ids[id.Value] = true
		}
	})
	if walkErr != nil {
		return nil, walkErr
	}
	a, err := singleAssertion(root, assertions)
	if err != nil {
		return nil, err
	}
	s := &shape{response: root, assertion: a}
	return s, s.placeSignatures(sigs)
}

func singleAssertion(root *etree.Element, found []*etree.Element) (*etree.Element, error) {
	for _, el := range found {
		if el.Tag != "Assertion" {
			return nil, ErrEncryptedAssertion
		}
	}
	if len(found) != 1 {
		return nil, fmt.Errorf("%d assertions where exactly one is allowed", len(found))
	}
	a := found[0]
	if a.Parent() != root || a.NamespaceURI() != nsAssertion {
		return nil, errors.New("the assertion is not a SAML 2.0 Assertion directly inside the Response")
	}
	return a, nil
}

// placeSignatures allows at most one ds:Signature on the Response and one on
// the Assertion, each a direct child of the element it signs.
func (s *shape) placeSignatures(sigs []*etree.Element) error {
	for _, sig := range sigs {
		if sig.NamespaceURI() != nsDSig {
			return errors.New("a Signature element outside the XML-DSig namespace")
		}
		slot := s.slotFor(sig.Parent())
		if slot == nil {
			return errors.New("a signature that is not a direct child of the Response or the Assertion")
		}
		if *slot != nil {
			return errors.New("more than one signature on one element")
		}
		if err := checkSignatureShape(sig, sig.Parent()); err != nil {
			return err
		}
		*slot = sig
	}
	return nil
}

func (s *shape) slotFor(parent *etree.Element) **etree.Element {
	switch parent {
	case s.response:
		return &s.responseSig
	case s.assertion:
		return &s.assertionSig
	}
	return nil
}

// walk calls fn for el and every descendant element, depth first.
func walk(el *etree.Element, fn func(*etree.Element)) {
	fn(el)
	for _, c := range el.ChildElements() {
		walk(c, fn)
	}
}
