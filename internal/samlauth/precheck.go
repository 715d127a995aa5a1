package samlauth

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	xrv "github.com/mattermost/xml-roundtrip-validator"
)

// maxDepth bounds element nesting; a SAML response needs about ten levels.
const maxDepth = 40

// checkRawXML is checkXML for a SAMLResponse.
func checkRawXML(b []byte, limit int) error {
	if err := checkXML(b, limit); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	return nil
}

// checkXML is the first gate on untrusted XML, run on the exact bytes
// that are parsed afterwards. It refuses everything a SAML message never
// needs and that Go's XML stack handles differently from other parsers.
func checkXML(b []byte, limit int) error {
	switch {
	case len(b) > limit:
		return problem(ErrTooLarge, fmt.Sprintf("more than %d bytes", limit))
	case len(b) == 0:
		return problem(ErrMalformed, "empty document")
	case !utf8.Valid(b):
		return problem(ErrMalformed, "not UTF-8")
	case !bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("<")):
		return problem(ErrMalformed, "not an XML document")
	}
	if err := scanTokens(b); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if err := xrv.Validate(bytes.NewReader(b)); err != nil {
		return problem(ErrMalformed, "XML that does not survive a round trip")
	}
	return nil
}

// scanTokens walks every token once with a strict decoder.
func scanTokens(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	d.CharsetReader = refuseCharset
	var s scanState
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return s.finish()
		}
		if err != nil {
			return errors.New("not well-formed XML")
		}
		if err := s.visit(tok); err != nil {
			return err
		}
	}
}

func refuseCharset(string, io.Reader) (io.Reader, error) {
	return nil, errors.New("only UTF-8 is accepted")
}

type scanState struct {
	depth, roots, tokens int
}

func (s *scanState) visit(tok xml.Token) error {
	s.tokens++
	switch t := tok.(type) {
	case xml.Directive:
		return errors.New("DOCTYPE, DTD or entity declarations are not accepted")
	case xml.ProcInst:
		return s.procInst(t)
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		s.depth--
	case xml.CharData:
		if s.depth == 0 && len(bytes.TrimSpace(t)) > 0 {
			return errors.New("text outside the root element")
		}
	}
	return nil
}

// procInst accepts only a leading XML declaration naming UTF-8, if any.
func (s *scanState) procInst(p xml.ProcInst) error {
	if p.Target != "xml" || s.tokens != 1 {
		return errors.New("processing instructions are not accepted")
	}
	enc := declEncoding(string(p.Inst))
	if enc != "" && !strings.EqualFold(enc, "utf-8") {
		return errors.New("only UTF-8 is accepted")
	}
	return nil
}

func (s *scanState) start(e xml.StartElement) error {
	s.depth++
	if s.depth == 1 {
		s.roots++
	}
	if s.depth > maxDepth {
		return errors.New("elements nested too deeply")
	}
	if !safeName(e.Name) {
		return errors.New("element name that does not survive a round trip")
	}
	return checkAttrs(e.Attr)
}

func (s *scanState) finish() error {
	if s.roots != 1 || s.depth != 0 {
		return errors.New("not exactly one root element")
	}
	return nil
}

// checkAttrs refuses duplicate attributes (after namespace resolution),
// names that do not round-trip and empty namespace undeclarations.
func checkAttrs(attrs []xml.Attr) error {
	seen := make(map[xml.Name]bool, len(attrs))
	for _, a := range attrs {
		if seen[a.Name] {
			return errors.New("duplicate attribute")
		}
		seen[a.Name] = true
		if !safeName(a.Name) || (a.Name.Space == "xmlns" && a.Value == "") {
			return errors.New("attribute name that does not survive a round trip")
		}
	}
	return nil
}

// safeName refuses the names encoding/xml mangles: empty local names and
// colons left in a local name (empty prefix, double colon, trailing colon).
func safeName(n xml.Name) bool {
	return n.Local != "" && !strings.Contains(n.Local, ":") && !strings.Contains(n.Space, "::")
}

// declEncoding returns the encoding pseudo-attribute of an XML declaration.
func declEncoding(inst string) string {
	i := strings.Index(inst, "encoding")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(inst[i+len("encoding"):], " \t\r\n")
	rest, ok := strings.CutPrefix(rest, "=")
	rest = strings.TrimLeft(rest, " \t\r\n")
	if !ok || rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return "invalid"
	}
	end := strings.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return "invalid"
	}
	return rest[1 : 1+end]
}

func problem(kind error, detail string) error { return fmt.Errorf("%w: %s", kind, detail) }
