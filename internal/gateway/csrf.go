package gateway

import (
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
)

// csrfHeader carries the session's anti-CSRF token on unsafe requests.
const csrfHeader = "X-CSRF-Token"

var (
	errCrossOrigin = errors.New("request from another origin")
	errContentType = errors.New("request body is not application/json")
	errCSRFToken   = errors.New("missing or wrong CSRF token")
)

// safeMethod: GET and HEAD change nothing here (WEB-06).
func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// checkOrigin refuses an unsafe request a browser sent from another
// origin: Origin must be present and equal the public origin, and
// Sec-Fetch-Site must not say cross-site or same-site.
func checkOrigin(r *http.Request, origin string) error {
	if o := r.Header.Values("Origin"); len(o) != 1 || o[0] != origin {
		return errCrossOrigin
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return errCrossOrigin
	}
	return nil
}

// checkJSON requires an application/json body (a cross-site form or a
// text/plain fetch cannot send one without a preflight).
func checkJSON(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errContentType
	}
	return nil
}

// checkToken compares the request's token with the session's.
func checkToken(r *http.Request, want string) error {
	got := r.Header.Values(csrfHeader)
	if want == "" || len(got) != 1 || subtle.ConstantTimeCompare([]byte(got[0]), []byte(want)) != 1 {
		return errCSRFToken
	}
	return nil
}
