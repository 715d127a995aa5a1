// Package loginform renders and checks the sandbox IdPs' sign-in page: an
// HTML form with fields `username` and `password` plus hidden fields that
// carry the pending authorization request.
package loginform

import (
	"html/template"
	"net/http"
	"sort"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

var page = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · {{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>{{.Title}}</h1>
{{if .Error}}<p role="alert" class="error">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<label>Username <input name="username" autocomplete="username" autofocus required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
{{if .Remember}}<label><input name="remember" type="checkbox" value="1"> Stay signed in</label>
{{end}}<button type="submit">Sign in</button>
</form></main></body></html>
`))

// Field is a hidden form field.
type Field struct{ Name, Value string }

// Page is what the form shows.
type Page struct {
	Title  string
	Action string
	Error  string
	Hidden []Field
	// Remember offers "Stay signed in": ticked, the IdP remembers the
	// browser and later sign-ins may skip the password.
	Remember bool
}

// Render writes the page with the security headers a login page needs.
func Render(w http.ResponseWriter, status int, p Page) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; form-action 'self' http: https:; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_ = page.Execute(w, p)
}

// HiddenFrom turns a map into sorted hidden fields.
func HiddenFrom(m map[string]string) []Field {
	out := make([]Field, 0, len(m))
	for k, v := range m {
		out = append(out, Field{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Authenticate checks the posted username and password against dir.
// The request's form must already be parsed.
func Authenticate(r *http.Request, dir *directory.Directory) (directory.User, bool) {
	return dir.Authenticate(r.PostFormValue("username"), r.PostFormValue("password"))
}
