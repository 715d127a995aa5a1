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
	if !safePath(raw) {
		return "/"
	}
	decoded, err := url.PathUnescape(raw)
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
	if len(p) == 0 || len(p) > 2048 || p[0] != '/' || strings.Contains(p, "//") {
		return false
	}
	path, _, _ := strings.Cut(p, "?")
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 0x21 || p[i] == 0x7f || p[i] == '\\' {
			return false
		}
	}
	return true
}
