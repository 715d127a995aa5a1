package awsauth

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// canonicalRequest is SigV4's canonical request for r, built the way AWS
// services other than S3 build it: from what arrived on the wire and the
// header names the client listed in SignedHeaders, whatever their case or
// order in the request. It reports false when the query cannot be decoded,
// so no signature can match.
func canonicalRequest(r *http.Request, signedHeaders []string, payloadHash string) (string, bool) {
	query, ok := canonicalQuery(r.URL.RawQuery)
	if !ok {
		return "", false
	}
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	b.WriteString(canonicalURI(rawPath(r)) + "\n")
	b.WriteString(query + "\n")
	for _, name := range signedHeaders {
		b.WriteString(strings.ToLower(name) + ":" + signedHeaderValue(r, name) + "\n")
	}
	b.WriteString("\n" + strings.Join(signedHeaders, ";") + "\n")
	b.WriteString(payloadHash)
	return b.String(), true
}

// rawPath is the path exactly as the client sent it, still percent-encoded.
func rawPath(r *http.Request) string {
	target := r.RequestURI
	if target == "" {
		return r.URL.EscapedPath()
	}
	target, _, _ = strings.Cut(target, "?")
	if !strings.HasPrefix(target, "/") {
		// absolute-form (scheme://authority/path) from a proxy-style client
		_, rest, found := strings.Cut(target, "://")
		i := strings.IndexByte(rest, '/')
		if !found || i < 0 {
			return "/"
		}
		target = rest[i:]
	}
	return target
}

// canonicalURI normalises the sent path (RFC 3986 dot segments removed,
// empty segments dropped) and encodes it once more, so every escape of
// the sent path is itself escaped: the double encoding every SDK applies
// to services other than S3.
func canonicalURI(sent string) string {
	var segments []string
	for _, s := range strings.Split(sent, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(segments) > 0 {
				segments = segments[:len(segments)-1]
			}
		default:
			segments = append(segments, s)
		}
	}
	path := "/" + strings.Join(segments, "/")
	if len(segments) > 0 && strings.HasSuffix(sent, "/") {
		path += "/"
	}
	return uriEncode(path, true)
}

// canonicalQuery decodes each name and value, encodes them the SigV4 way
// and sorts the pairs by encoded name, then encoded value.
func canonicalQuery(raw string) (string, bool) {
	var pairs [][2]string
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			return "", false
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			return "", false
		}
		pairs = append(pairs, [2]string{uriEncode(name, false), uriEncode(value, false)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p[0] + "=" + p[1]
	}
	return strings.Join(out, "&"), true
}

// signedHeaderValue is the canonical value of one signed header. Go's
// server keeps the authority (HTTP/1.1 Host, HTTP/2 :authority) in r.Host
// and the other pseudo-headers in the request line fields.
func signedHeaderValue(r *http.Request, name string) string {
	switch strings.ToLower(name) {
	case "host", ":authority":
		return trimAll(r.Host)
	case ":method":
		return r.Method
	case ":path":
		return r.RequestURI
	case ":scheme":
		if r.TLS != nil {
			return "https"
		}
		return "http"
	case "transfer-encoding":
		if len(r.Header.Values(name)) == 0 {
			return strings.Join(r.TransferEncoding, ",")
		}
	}
	values := r.Header.Values(name)
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = trimAll(v)
	}
	return strings.Join(out, ",")
}

// trimAll trims a header value and collapses each inner run of spaces and
// tabs to one space.
func trimAll(v string) string {
	return strings.Join(strings.FieldsFunc(v, func(c rune) bool { return c == ' ' || c == '\t' }), " ")
}

// uriEncode percent-encodes every byte outside RFC 3986's unreserved set
// (and '/', when keepSlash) with upper-case hex.
func uriEncode(s string, keepSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || (keepSlash && c == '/') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}
