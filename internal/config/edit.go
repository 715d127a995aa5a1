package config

import (
	"errors"
	"fmt"
	"strings"
)

// ErrDuplicateProfile means the profile has more than one section, so an
// edit could not tell which one the user means.
var ErrDuplicateProfile = errors.New("profile defined more than once")

type pair struct{ key, value string }

// pairs lists the profile's non-empty keys in the order Save writes them.
func (p Profile) pairs() []pair {
	var out []pair
	for _, f := range fields {
		if v := f.get(&p); v != "" {
			out = append(out, pair{f.key, v})
		}
	}
	return out
}

// setProfile rewrites the one section of p.Name, or appends one; every
// other line is left as it was.
func (d *document) setProfile(p Profile) error {
	secs := d.find(p.Name)
	switch len(secs) {
	case 0:
		d.appendSection(p)
		return nil
	case 1:
		d.updateSection(secs[0], p.pairs())
		return nil
	}
	return fmt.Errorf("%w: %q has %d sections; merge them by hand", ErrDuplicateProfile, p.Name, len(secs))
}

func (d *document) eol() string {
	if d.crlf() {
		return "\r"
	}
	return ""
}

func (d *document) format(kv pair) string { return kv.key + " = " + kv.value + d.eol() }

func header(name string) string {
	if name == "default" {
		return "[default]"
	}
	return "[profile " + name + "]"
}

func (d *document) appendSection(p Profile) {
	lines := d.lines
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	if n := len(lines); n > 0 && strings.TrimSpace(lines[n-1]) != "" {
		lines = append(lines, d.eol())
	}
	lines = append(lines, header(p.Name)+d.eol())
	for _, kv := range p.pairs() {
		lines = append(lines, d.format(kv))
	}
	d.lines = append(lines, "")
}

// updateSection replaces the managed keys of s in place, drops the ones
// now empty (and their continuation lines), keeps every other line, and
// adds new keys after the section's last setting.
func (d *document) updateSection(s section, want []pair) {
	pending := make(map[string]string, len(want))
	for _, kv := range want {
		pending[kv.key] = kv.value
	}
	out := []string{d.lines[s.start]}
	skipping := false
	for _, line := range d.lines[s.start+1 : s.end] {
		if skipping && isContinuation(line) {
			continue
		}
		skipping = false
		k, _, ok := keyValue(line)
		if _, managed := lookupField(k); !ok || !managed {
			out = append(out, line)
			continue
		}
		skipping = true
		if v, ok := pending[k]; ok {
			out = append(out, d.format(pair{k, v}))
			delete(pending, k)
		}
	}
	out = insertAt(out, lastSetting(out), d.remaining(want, pending))
	d.lines = append(append(append([]string(nil), d.lines[:s.start]...), out...), d.lines[s.end:]...)
}

func (d *document) remaining(want []pair, pending map[string]string) []string {
	var out []string
	for _, kv := range want {
		if _, ok := pending[kv.key]; ok {
			out = append(out, d.format(kv))
		}
	}
	return out
}

// lastSetting returns the index after the header or last key/continuation
// line, so that new keys go before trailing blanks and comments (which
// usually introduce the next section).
func lastSetting(lines []string) int {
	last := 0
	for i, l := range lines {
		if _, _, ok := keyValue(l); ok || isContinuation(l) {
			last = i
		}
	}
	return last + 1
}

func isContinuation(line string) bool {
	return (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) && strings.TrimSpace(line) != ""
}

func insertAt(lines []string, i int, add []string) []string {
	out := make([]string, 0, len(lines)+len(add))
	out = append(out, lines[:i]...)
	out = append(out, add...)
	return append(out, lines[i:]...)
}
