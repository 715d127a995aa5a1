package config

import (
	"strings"
)

// document is an AWS config file held as its raw lines, so that an edit
// can replace one section and write every other byte back unchanged.
// Splitting on "\n" and joining with "\n" is the identity; a "\r" of CRLF
// files stays at the end of its line.
type document struct {
	lines []string
}

// section is a run of lines [start, end) whose first line is the header.
type section struct {
	name       string // "default", or the profile name of "[profile NAME]"
	start, end int
}

// entry is one "key = value" line of a section.
type entry struct {
	key, value string
	line       int
}

func parseDocument(data []byte) *document {
	return &document{lines: strings.Split(string(data), "\n")}
}

func (d *document) bytes() []byte { return []byte(strings.Join(d.lines, "\n")) }

// crlf reports whether the file uses CRLF line endings.
func (d *document) crlf() bool {
	return len(d.lines) > 1 && strings.HasSuffix(d.lines[0], "\r")
}

// sections lists the profile sections ("[default]", "[profile X]") in file
// order; other sections (sso-session, services) are skipped but still end
// the section before them.
func (d *document) sections() []section {
	var out []section
	cur := -1
	for i, l := range d.lines {
		h, ok := headerName(l)
		if !ok {
			continue
		}
		if cur >= 0 {
			out[cur].end = i
		}
		cur = -1
		if name, ok := profileName(h); ok {
			out = append(out, section{name: name, start: i, end: len(d.lines)})
			cur = len(out) - 1
		}
	}
	return out
}

// find returns the sections defining profile name.
func (d *document) find(name string) []section {
	var out []section
	for _, s := range d.sections() {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// entries lists a section's key/value lines; continuation (indented) lines
// and comments are not entries.
func (d *document) entries(s section) []entry {
	var out []entry
	for i := s.start + 1; i < s.end; i++ {
		if k, v, ok := keyValue(d.lines[i]); ok {
			out = append(out, entry{key: k, value: v, line: i})
		}
	}
	return out
}

// headerName returns the text between the brackets of a section header.
func headerName(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "[") {
		return "", false
	}
	end := strings.IndexByte(t, ']')
	if end < 0 {
		return "", false
	}
	return strings.TrimSpace(t[1:end]), true
}

// profileName maps a header to the profile it defines: "default" and
// "profile default" both define "default"; "profile X" defines X.
func profileName(header string) (string, bool) {
	f := strings.Fields(header)
	switch {
	case len(f) == 1 && f[0] == "default":
		return "default", true
	case len(f) == 2 && f[0] == "profile":
		return f[1], true
	}
	return "", false
}

// keyValue parses "key = value", lower-casing the key and dropping an
// inline comment introduced by whitespace and '#' or ';'.
func keyValue(line string) (key, value string, ok bool) {
	if line == "" || line[0] == ' ' || line[0] == '\t' {
		return "", "", false
	}
	t := strings.TrimSpace(line)
	if t == "" || t[0] == '#' || t[0] == ';' || t[0] == '[' {
		return "", "", false
	}
	k, v, found := strings.Cut(t, "=")
	if !found {
		return "", "", false
	}
	return strings.ToLower(strings.TrimSpace(k)), stripComment(strings.TrimSpace(v)), true
}

func stripComment(v string) string {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}
