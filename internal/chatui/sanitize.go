package chatui

import (
	"net/url"
	"strings"
)

// Sanitize removes terminal control characters (C0 except tab and
// newline, DEL, C1) from text the service returns, so an indexed document
// cannot move the cursor, retitle the window or plant hyperlinks.
func Sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == '\u2028', r == '\u2029':
			return -1
		}
		return r
	}, s)
}

// safeURL returns u when it is an http(s) URL without control characters,
// else "".
func safeURL(u string) string {
	if u == "" || Sanitize(u) != u || strings.ContainsAny(u, " \\") {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	return u
}
