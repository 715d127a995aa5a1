package oidcauth

import (
	"net/url"
	"strings"
)

// SafeReturnPath returns raw when it is a same-origin path to send a person
// back to after sign-in, and "/" otherwise (OAUTH-07): it must start with
// exactly one "/", contain no "//", dot segments, control characters, spaces
// or backslashes, and still be such a path once percent-decoded.
func SafeReturnPath(raw string) string {
	path, query, _ := strings.Cut(raw, "?")
	if !safePath(path) || !printable(query) {
		return "/"
	}
	decoded, err := url.PathUnescape(path)
	if err != nil || !safePath(decoded) {
		return "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return raw
}

func safePath(p string) bool {
	if len(p) == 0 || len(p) > 2048 || p[0] != '/' || strings.Contains(p, "//") || !printable(p) {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// printable: visible ASCII without backslash (no space, no control).
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e || s[i] == '\\' {
			return false
		}
	}
	return len(s) <= 2048
}
