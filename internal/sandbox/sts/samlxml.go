package sts

import (
	"bytes"
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
	xrv "github.com/mattermost/xml-roundtrip-validator"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const (
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsDsig      = "http://www.w3.org/2000/09/xmldsig#"
	maxSAMLXML  = 100000
)

var (
	errBadSAML      = invalidToken("Invalid SAML response")
	errSAMLSig      = invalidToken("Response signature invalid")
	errSAMLAudience = invalidToken("Response does not contain the required audience.")
	xmlDeclRE       = lazyre.New(`^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']`)
)

// decodeSAML base64-decodes the assertion and refuses unsafe XML: DTDs and
// entity declarations, non-UTF-8 input, and constructs that do not survive
// an encoding/xml round trip.
func decodeSAML(b64 string) (*etree.Document, *wire.Error) {
	clean := strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, b64)
	raw, err := base64.StdEncoding.DecodeString(clean)
	if err != nil || len(raw) > maxSAMLXML || !utf8.Valid(raw) {
		return nil, errBadSAML
	}
	if unsafeMarkup(raw) {
		return nil, errBadSAML
	}
	if m := xmlDeclRE().FindSubmatch(raw); m != nil && !strings.EqualFold(string(m[1]), "utf-8") {
		return nil, errBadSAML
	}
	if xrv.Validate(bytes.NewReader(raw)) != nil {
		return nil, errBadSAML
	}
	doc := etree.NewDocument()
	if doc.ReadFromBytes(raw) != nil || doc.Root() == nil {
		return nil, errBadSAML
	}
	return doc, nil
}

// unsafeMarkup finds "<!" declarations other than comments and CDATA.
func unsafeMarkup(raw []byte) bool {
	for i := 0; ; {
		j := bytes.Index(raw[i:], []byte("<!"))
		if j < 0 {
			return false
		}
		rest := raw[i+j+2:]
		if !bytes.HasPrefix(rest, []byte("--")) && !bytes.HasPrefix(rest, []byte("[CDATA[")) {
			return true
		}
		i += j + 2
	}
}

func isEl(e *etree.Element, ns, tag string) bool { return e.Tag == tag && e.NamespaceURI() == ns }

func child(e *etree.Element, ns, tag string) *etree.Element {
	var found *etree.Element
	for _, c := range e.ChildElements() {
		if isEl(c, ns, tag) {
			if found != nil {
				return nil
			}
			found = c
		}
	}
	return found
}

func children(e *etree.Element, ns, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range e.ChildElements() {
		if isEl(c, ns, tag) {
			out = append(out, c)
		}
	}
	return out
}

// countElements counts elements named tag anywhere under e (any namespace).
func countElements(e *etree.Element, tag string) int {
	n := 0
	if e.Tag == tag {
		n++
	}
	for _, c := range e.ChildElements() {
		n += countElements(c, tag)
	}
	return n
}

// attributes returns the assertion's AttributeStatement values by name.
func attributes(assertion *etree.Element) map[string][]string {
	out := map[string][]string{}
	for _, st := range children(assertion, nsAssertion, "AttributeStatement") {
		for _, a := range children(st, nsAssertion, "Attribute") {
			name := a.SelectAttrValue("Name", "")
			for _, v := range children(a, nsAssertion, "AttributeValue") {
				out[name] = append(out[name], strings.TrimSpace(v.Text()))
			}
		}
	}
	return out
}
