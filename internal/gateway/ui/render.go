package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

// Page is what a page shows.
type Page struct {
	Nonce   string    // CSP nonce for this response
	CSRF    string    // the session's CSRF token (empty when signed out)
	User    *UserInfo // nil when signed out
	IdPs    []IdP     // the sign-in chooser
	Error   string    // a message a person can act on (never a cause or a secret)
	Expires time.Time // the session's end (zero: unknown)
}

// UserInfo is who is signed in.
type UserInfo struct{ Name, Email, IdP string }

// IdP is one button of the sign-in chooser.
type IdP struct{ Name, Label, LoginURL string }

//go:embed templates/*.html
var templateFS embed.FS

// pages are the names Render accepts.
var pages = []string{"chat", "signin", "error", "signedout"}

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"asset":   assetURL,
	"rfc3339": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).ParseFS(templateFS, "templates/*.html"))

// Render writes page name ("chat", "signin", "error" or "signedout") with
// status. The page is rendered in full before anything is written, so a
// failure leaves the response untouched for the caller to answer.
func Render(w http.ResponseWriter, status int, name string, p Page) error {
	t := templates.Lookup(name)
	if t == nil || !isPage(name) {
		return fmt.Errorf("render page %q: no such page", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, view{Page: p, Name: name}); err != nil {
		return fmt.Errorf("render page %q: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write page %q: %w", name, err)
	}
	return nil
}

// view is what the templates see: the page and its name.
type view struct {
	Page
	Name string
}

// SignedIn reports whether the page is for a signed-in person with a CSRF
// token: only then does it carry the token.
func (v view) SignedIn() bool { return v.User != nil && v.CSRF != "" }

func isPage(name string) bool {
	for _, p := range pages {
		if p == name {
			return true
		}
	}
	return false
}
