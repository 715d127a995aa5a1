package samlidp

import (
	"errors"
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/loginform"
)

var errUnknownPending = errors.New("this sign-in request is unknown or has expired; start again from the application")

// serveLogin checks the posted credentials for a pending request and, on
// success, answers with the auto-submitting SAMLResponse form.
func (i *IdP) serveLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, "POST")
		return
	}
	if err := parsePostForm(w, r, maxLoginForm); err != nil {
		i.fail(w, r, http.StatusBadRequest, err)
		return
	}
	id := r.PostFormValue(pendingField)
	req, ok := i.pending.get(id)
	if !ok {
		i.fail(w, r, http.StatusBadRequest, errUnknownPending)
		return
	}
	user, ok := loginform.Authenticate(r, i.opts.Directory)
	if !ok {
		i.opts.Logger.InfoContext(r.Context(), "saml sign-in failed", "sp", req.SP.EntityID)
		i.renderLogin(w, http.StatusUnauthorized, id, req, "Invalid username or password.")
		return
	}
	if req, ok = i.pending.take(id); !ok {
		i.fail(w, r, http.StatusBadRequest, errUnknownPending)
		return
	}
	i.respond(w, r, req, user)
}
