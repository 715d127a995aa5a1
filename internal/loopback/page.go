package loopback

import "net/http"

// setPageHeaders: nothing cached, no Referer carrying the code or response,
// nothing loaded from elsewhere, no framing (OAUTH-08).
func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
}

// The result pages are static: nothing of the request or of the error is
// echoed; the terminal says what happened.
const (
	donePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>qbiz sign-in</title>
<style>body{font-family:sans-serif;margin:4em auto;max-width:30em}</style></head>
<body><h1>Signed in</h1><p>qbiz accepted the sign-in. You can close this tab and return to the terminal.</p></body></html>
`
	failedPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>qbiz sign-in failed</title>
<style>body{font-family:sans-serif;margin:4em auto;max-width:30em}</style></head>
<body><h1>Sign-in failed</h1><p>qbiz did not accept this sign-in. Look at the terminal to see why, then close this tab.</p></body></html>
`
)
