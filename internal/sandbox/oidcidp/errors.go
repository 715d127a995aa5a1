package oidcidp

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
)

// oauthError is an RFC 6749 §5.2 error response.
type oauthError struct {
	Status      int
	Code        string
	Description string
	// BasicChallenge adds WWW-Authenticate: Basic (invalid_client after
	// HTTP Basic authentication, RFC 6749 §5.2).
	BasicChallenge bool
}

func (e *oauthError) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Description) }

func newErr(status int, code, format string, args ...any) *oauthError {
	return &oauthError{Status: status, Code: code, Description: fmt.Sprintf(format, args...)}
}

func errInvalidRequest(format string, args ...any) *oauthError {
	return newErr(http.StatusBadRequest, "invalid_request", format, args...)
}

func errInvalidGrant(format string, args ...any) *oauthError {
	return newErr(http.StatusBadRequest, "invalid_grant", format, args...)
}

func errInvalidClient(basic bool, format string, args ...any) *oauthError {
	e := newErr(http.StatusUnauthorized, "invalid_client", format, args...)
	e.BasicChallenge = basic
	return e
}

func errServer(format string, args ...any) *oauthError {
	return newErr(http.StatusInternalServerError, "server_error", format, args...)
}

// writeOAuthError writes the JSON error body with no-store caching.
func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	if e.BasicChallenge {
		w.Header().Set("WWW-Authenticate", `Basic realm="oidc", charset="UTF-8"`)
	}
	writeJSON(w, e.Status, map[string]string{"error": e.Code, "error_description": e.Description})
}

// writeJSON writes v with the headers token responses need (RFC 6749 §5.1).
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"server_error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

var messagePage = template.Must(template.New("msg").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><main><h1>{{.Title}}</h1><p{{if .Alert}} role="alert" class="error"{{end}}>{{.Message}}</p></main></body></html>
`))

// renderMessage writes a small HTML page; used for errors that must not
// redirect (unknown client, unregistered redirect URI) and for outcomes.
func renderMessage(w http.ResponseWriter, status int, title, msg string) {
	setPageHeaders(w)
	w.WriteHeader(status)
	_ = messagePage.Execute(w, struct {
		Title, Message string
		Alert          bool
	}{title, msg, status >= 400})
}

func renderError(w http.ResponseWriter, status int, msg string) {
	renderMessage(w, status, "Sign-in error", msg)
}

func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
}
