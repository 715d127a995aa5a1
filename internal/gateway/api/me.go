package api

import "net/http"

// me answers GET /api/me from the session's user: who, at which IdP, how,
// and until when.
func (a *api) me(rw *response, _ *http.Request, u *User) error {
	return rw.json(http.StatusOK, meJSON{Email: u.Identity.Email, Name: u.Identity.Name, Issuer: u.Identity.Issuer,
		Subject: u.Identity.Subject, IdP: u.IdP, Mode: string(u.Mode), Expires: u.Expires.UTC()})
}
