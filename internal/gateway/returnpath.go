package gateway

import (
	"net/url"
	"path"
	"strings"
)

// maxReturnPath bounds the return path kept in a sign-in transaction.
const maxReturnPath = 1024

// returnPath is where a sign-in sends the browser afterwards: raw if it is
// a same-origin path (OAUTH-07), else "/". Accepted: after decoding, a
// path that starts with exactly one "/" not followed by "/" or "\", holds
// no control character, backslash or space, and is already clean; a query
// without any of those characters is kept, a fragment is dropped.
func returnPath(raw string) string {
	if raw == "" || len(raw) > maxReturnPath {
		return "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	if !safePath(u.Path) || !safePath(raw[:len(raw)-len(tail(raw))]) {
		return "/"
	}
	if strings.IndexFunc(u.RawQuery, unsafeChar) >= 0 {
		return "/"
	}
	out := (&url.URL{Path: u.Path, RawQuery: u.RawQuery}).String()
	if !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") { // the invariant, whatever the checks above
		return "/"
	}
	return out
}

// tail is raw from its query or fragment on.
func tail(raw string) string {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[i:]
	}
	return ""
}

// unsafeChar is a character no return path or query may hold: a control
// character, a backslash or a space.
func unsafeChar(c rune) bool { return c < 0x20 || c == 0x7f || c == '\\' || c == ' ' }

// safePath checks one form of the path (decoded or as sent).
func safePath(p string) bool {
	if len(p) == 0 || p[0] != '/' {
		return false
	}
	if strings.IndexFunc(p, unsafeChar) >= 0 {
		return false
	}
	if strings.Contains(strings.ToLower(p), "%2f") || strings.Contains(strings.ToLower(p), "%5c") {
		return false
	}
	return path.Clean(p) == p || path.Clean(p)+"/" == p
}
