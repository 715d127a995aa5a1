package oidcidp

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Request size limits.
const (
	maxFormBytes  = 64 << 10
	maxQueryBytes = 8 << 10
	maxParamBytes = 4 << 10
)

// readForm reads an application/x-www-form-urlencoded POST body with the
// strict rules of RFC 6749 §3.2: bounded, no repeated parameters, and no
// parameters in the query string.
func readForm(r *http.Request) (url.Values, *oauthError) {
	if r.Method != http.MethodPost {
		return nil, newErr(http.StatusMethodNotAllowed, "invalid_request", "use POST")
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, errInvalidRequest("Content-Type must be application/x-www-form-urlencoded")
	}
	if r.URL.RawQuery != "" {
		return nil, errInvalidRequest("parameters must be sent in the request body, not the query")
	}
	if r.Body == nil {
		return url.Values{}, nil
	}
	body, err := wire.ReadBody(r.Body, maxFormBytes)
	if errors.Is(err, wire.ErrTooLarge) {
		return nil, newErr(http.StatusRequestEntityTooLarge, "invalid_request", "request body too large")
	}
	if err != nil {
		return nil, errInvalidRequest("cannot read request body")
	}
	return parseStrict(string(body))
}

// parseStrict parses URL-encoded parameters, refusing malformed escapes,
// repeated parameters, invalid UTF-8 and oversized values.
func parseStrict(s string) (url.Values, *oauthError) {
	v, err := url.ParseQuery(s)
	if err != nil {
		return nil, errInvalidRequest("malformed parameters")
	}
	for k, vals := range v {
		if len(vals) > 1 {
			return nil, errInvalidRequest("parameter %q repeated", truncate(k))
		}
		if !utf8.ValidString(k) || !utf8.ValidString(vals[0]) {
			return nil, errInvalidRequest("parameters must be UTF-8")
		}
		if len(vals[0]) > maxParamBytes {
			return nil, errInvalidRequest("parameter %q too long", truncate(k))
		}
	}
	return v, nil
}

// parseQuery parses a GET request's query with the same rules.
func parseQuery(r *http.Request) (url.Values, *oauthError) {
	if len(r.URL.RawQuery) > maxQueryBytes {
		return nil, newErr(http.StatusRequestURITooLong, "invalid_request", "query too long")
	}
	return parseStrict(r.URL.RawQuery)
}

// truncate keeps echoed parameter names short and printable.
func truncate(s string) string {
	const max = 40
	if !utf8.ValidString(s) {
		return "?"
	}
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
