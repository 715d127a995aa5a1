package gateway

import (
	"net/http"
	"time"
)

const (
	// sessionCookie holds the opaque session id. The __Host- prefix makes
	// the browser insist on Secure, Path=/ and no Domain (WEB-01).
	sessionCookie = "__Host-qbiz"
	// txCookie binds a sign-in in progress to the browser that began it.
	txCookie = "__Host-qbiz-tx"
	// txTTL bounds a sign-in from /login to the IdP's answer.
	txTTL = 10 * time.Minute
)

// hostCookie is a __Host- cookie: Secure (browsers accept it on
// http://localhost and http://127.0.0.1 too), HttpOnly, SameSite=Lax,
// Path=/, no Domain. maxAge 0 makes a browser-session cookie; a negative
// one deletes it.
func hostCookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
}

func setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, hostCookie(name, value, int(maxAge/time.Second)))
}

func clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, hostCookie(name, "", -1))
}

// cookieValue is the value of the request's cookie name, or "". Several
// cookies of that name (one planted for a parent domain, say) count as
// none: which one is ours cannot be told.
func cookieValue(r *http.Request, name string) string {
	cs := r.CookiesNamed(name)
	if len(cs) != 1 {
		return ""
	}
	return cs[0].Value
}
