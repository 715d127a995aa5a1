package samlidp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	xrv "github.com/mattermost/xml-roundtrip-validator"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
)

var encodingDecl = lazyre.New(`encoding\s*=\s*["']([^"']*)["']`)

const (
	maxXMLDepth  = 16
	maxXMLTokens = 4096
)

// checkXML enforces the shape every inbound SAML document must have before
// it is unmarshalled: UTF-8, one root element, no DTD or other directives,
// no processing instructions other than a UTF-8 XML declaration, bounded
// depth, no duplicate attributes, and stable under Go's XML round trip.
func checkXML(doc []byte) error {
	if !utf8.Valid(doc) {
		return errors.New("document is not UTF-8")
	}
	if bytes.HasPrefix(doc, []byte("\xef\xbb\xbf")) {
		return errors.New("document starts with a byte-order mark")
	}
	if err := scanTokens(doc); err != nil {
		return err
	}
	if err := xrv.Validate(bytes.NewReader(doc)); err != nil {
		return fmt.Errorf("document does not survive an XML round trip: %w", err)
	}
	return nil
}

type xmlScan struct {
	depth, roots, tokens int
	first                bool
}

func scanTokens(doc []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	s := xmlScan{first: true}
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("malformed XML: %w", err)
		}
		if err := s.visit(tok); err != nil {
			return err
		}
	}
	if s.roots != 1 || s.depth != 0 {
		return errors.New("document must hold exactly one root element")
	}
	return nil
}

func (s *xmlScan) visit(tok xml.Token) error {
	s.tokens++
	if s.tokens > maxXMLTokens {
		return errors.New("document has too many XML tokens")
	}
	first := s.first
	s.first = false
	switch t := tok.(type) {
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		s.depth--
	case xml.Directive:
		return errors.New("DOCTYPE and other XML directives are not allowed")
	case xml.ProcInst:
		return checkProcInst(t, first)
	case xml.CharData:
		if s.depth == 0 && len(bytes.TrimSpace(t)) > 0 {
			return errors.New("text outside the root element")
		}
	}
	return nil
}

func (s *xmlScan) start(t xml.StartElement) error {
	if s.depth == 0 {
		s.roots++
		if s.roots > 1 {
			return errors.New("document has more than one root element")
		}
	}
	s.depth++
	if s.depth > maxXMLDepth {
		return errors.New("document is nested too deeply")
	}
	seen := map[string]bool{}
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		if seen[a.Name.Local] {
			return fmt.Errorf("element %s repeats attribute %s", t.Name.Local, a.Name.Local)
		}
		seen[a.Name.Local] = true
	}
	return nil
}

func checkProcInst(p xml.ProcInst, first bool) error {
	if p.Target != "xml" || !first {
		return errors.New("processing instructions are not allowed")
	}
	if m := encodingDecl().FindSubmatch(p.Inst); m != nil && !strings.EqualFold(string(m[1]), "utf-8") {
		return errors.New("document encoding must be UTF-8")
	}
	return nil
}
