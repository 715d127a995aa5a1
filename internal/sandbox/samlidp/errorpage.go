package samlidp

import (
	"errors"
	"html/template"
	"net/http"
)

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head>
<body><main><h1>Sign-in error</h1><p role="alert">{{.}}</p></main></body></html>
`))

// fail renders an error page. It never posts anything to a service
// provider. Messages of rejected requests are shown; other causes are
// logged and replaced by a generic text.
func (i *IdP) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := err.Error()
	if status >= 500 && !errors.Is(err, errRequest) {
		i.opts.Logger.ErrorContext(r.Context(), "saml idp error", "err", err)
		if status == http.StatusInternalServerError {
			msg = "internal error"
		}
	} else {
		i.opts.Logger.InfoContext(r.Context(), "saml request rejected", "reason", msg)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = errorPage.Execute(w, msg)
}
