package samlauth

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// Helpers reading the verified tree. They look only at elements in the SAML
// assertion namespace and read text in full.

// samlChildren returns el's children in the assertion namespace named tag.
func samlChildren(el *etree.Element, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == nsAssertion {
			out = append(out, c)
		}
	}
	return out
}

// exactlyOne returns the single child named tag.
func exactlyOne(el *etree.Element, tag string) (*etree.Element, error) {
	cs := samlChildren(el, tag)
	if len(cs) != 1 {
		return nil, fmt.Errorf("%s must contain exactly one %s", el.Tag, tag)
	}
	return cs[0], nil
}

// atMostOne returns the child named tag or nil.
func atMostOne(el *etree.Element, tag string) (*etree.Element, error) {
	cs := samlChildren(el, tag)
	if len(cs) > 1 {
		return nil, fmt.Errorf("%s must contain at most one %s", el.Tag, tag)
	}
	if len(cs) == 0 {
		return nil, nil
	}
	return cs[0], nil
}

// onlyChildren refuses children of el not named in allowed (or not in the
// assertion namespace, except a ds:Signature).
func onlyChildren(el *etree.Element, allowed ...string) error {
	for _, c := range el.ChildElements() {
		if c.Tag == "Signature" && c.NamespaceURI() == nsDSig {
			continue
		}
		ok := c.NamespaceURI() == nsAssertion || (el.Tag == "Response" && c.NamespaceURI() == nsProtocol)
		if !ok || !contains(allowed, c.Tag) {
			return fmt.Errorf("unexpected element %s in %s", c.Tag, el.Tag)
		}
	}
	return nil
}

var errChildElements = errors.New("an identity value with child elements")

// fullText returns all character data of el (comments and CDATA sections
// never split it, SAML-12), trimmed. Elements inside the value are refused.
func fullText(el *etree.Element) (string, error) {
	var b strings.Builder
	for _, t := range el.Child {
		switch v := t.(type) {
		case *etree.Element:
			return "", errChildElements
		case *etree.CharData:
			b.WriteString(v.Data)
		}
	}
	return strings.TrimSpace(b.String()), nil
}

// textOf is fullText of the single child named tag.
func textOf(el *etree.Element, tag string) (string, error) {
	c, err := exactlyOne(el, tag)
	if err != nil {
		return "", err
	}
	return fullText(c)
}

// timeAttr parses a required xs:dateTime attribute.
func timeAttr(el *etree.Element, key string) (time.Time, error) {
	v := el.SelectAttrValue(key, "")
	if v == "" {
		return time.Time{}, fmt.Errorf("%s has no %s", el.Tag, key)
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %s is not a valid time", el.Tag, key)
	}
	return t, nil
}

// optionalTimeAttr parses an optional xs:dateTime attribute.
func optionalTimeAttr(el *etree.Element, key string) (time.Time, error) {
	if el.SelectAttr(key) == nil {
		return time.Time{}, nil
	}
	return timeAttr(el, key)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
