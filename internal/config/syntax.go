package config

import (
	"fmt"
	"strings"
)

// SyntaxError is a line of the config file that qbiz cannot read. The
// AWS CLI refuses such a file too; reading past it would merge the keys
// that follow into the profile above.
type SyntaxError struct {
	Line   int // 1-based
	Reason string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// check returns the first line qbiz cannot read: a section header without
// its closing bracket, anything but comments before the first header, or
// a line that is neither a header, "key = value", a comment nor an
// indented continuation. Line contents are not quoted: a malformed line
// may hold a secret.
func (d *document) check() error {
	inSection := false
	for i, l := range d.lines {
		t := strings.TrimSpace(l)
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		reason := ""
		switch _, isHeader := headerName(l); {
		case t[0] == '[' && !isHeader:
			reason = "section header has no closing ]"
		case isHeader:
			inSection = true
		case !inSection:
			reason = beforeHeader(l)
		case !isIndented(l) && !strings.Contains(t, "="):
			reason = "not a key = value line"
		}
		if reason != "" {
			return &SyntaxError{Line: i + 1, Reason: reason}
		}
	}
	return nil
}

func beforeHeader(line string) string {
	if k, _, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
		return strings.ToLower(strings.TrimSpace(k)) + ": a key before any [section] header"
	}
	return "text before any [section] header"
}

func isIndented(line string) bool { return line[0] == ' ' || line[0] == '\t' }
