package gateway

import (
	"net/http"
	"net/url"

	"github.com/qbiz/qbiz/internal/gateway/ui"
)

// home is the chat for a signed-in browser, the sign-in chooser
// otherwise.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	nonce := Nonce(r.Context())
	sess := sessionFrom(r.Context())
	if sess == nil {
		return ui.Render(w, http.StatusOK, "signin", ui.Page{Nonce: nonce, IdPs: s.chooser("/")})
	}
	p := s.idps[sess.IdP]
	return ui.Render(w, http.StatusOK, "chat", ui.Page{Nonce: nonce, CSRF: sess.CSRF, Expires: sess.Expires,
		User: &ui.UserInfo{Name: sess.User.Name, Email: sess.User.Email, IdP: p.label}})
}

// chooser lists the IdPs, each with its sign-in link returning to ret.
func (s *Server) chooser(ret string) []ui.IdP {
	out := make([]ui.IdP, 0, len(s.order))
	for _, p := range s.order {
		q := url.Values{"idp": {p.name}}
		if ret != "/" {
			q.Set("return", ret)
		}
		out = append(out, ui.IdP{Name: p.name, Label: p.label, LoginURL: loginPath + "?" + q.Encode()})
	}
	return out
}
