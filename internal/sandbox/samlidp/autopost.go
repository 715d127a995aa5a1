package samlidp

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
)

var autoPostPage = template.Must(template.New("autopost").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body><form method="post" action="{{.ACS}}">
<input type="hidden" name="SAMLResponse" value="{{.Response}}">
{{if .RelayState}}<input type="hidden" name="RelayState" value="{{.RelayState}}">
{{end}}<noscript><p>JavaScript is off; press Continue to finish signing in.</p><button type="submit">Continue</button></noscript>
</form>
<script nonce="{{.Nonce}}">document.forms[0].submit();</script>
</body></html>
`))

type autoPost struct{ ACS, Response, RelayState, Nonce string }

// renderAutoPost writes the HTTP-POST binding page that submits the
// response to acs (already checked against the SP's registration).
func renderAutoPost(w http.ResponseWriter, acs, response, relay string) {
	nonce := randomHex(16)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+nonce+
		"'; form-action "+origin(acs)+"; frame-ancestors 'none'")
	w.WriteHeader(http.StatusOK)
	_ = autoPostPage.Execute(w, autoPost{ACS: acs, Response: response, RelayState: relay, Nonce: nonce})
}

func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "'none'"
	}
	if strings.HasPrefix(u.Host, "[") {
		// CSP host sources cannot name IPv6 literals; fall back to the scheme.
		return u.Scheme + ":"
	}
	return u.Scheme + "://" + u.Host
}
