package samlidp

import (
	"errors"
	"mime"
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/loginform"
)

const (
	pendingField = "pending"
	maxLoginForm = 16 << 10
)

// serveSSO accepts an AuthnRequest (GET = HTTP-Redirect, POST = HTTP-POST)
// or an IdP-initiated GET ?sp=ENTITYID and shows the login form.
func (i *IdP) serveSSO(w http.ResponseWriter, r *http.Request) {
	var (
		req pendingRequest
		err error
	)
	switch r.Method {
	case http.MethodGet:
		req, err = i.acceptGET(r)
	case http.MethodPost:
		req, err = i.acceptPOSTRequest(w, r)
	default:
		methodNotAllowed(w, "GET, POST")
		return
	}
	if err != nil {
		i.fail(w, r, http.StatusBadRequest, err)
		return
	}
	if req.Failure != nil {
		i.respondFailure(w, r, req)
		return
	}
	i.showLogin(w, r, req)
}

func (i *IdP) acceptGET(r *http.Request) (pendingRequest, error) {
	q := r.URL.Query()
	if _, ok := q["SAMLRequest"]; !ok && len(q["sp"]) == 1 {
		return i.idpInitiated(q)
	}
	return i.acceptRedirect(q)
}

func (i *IdP) acceptPOSTRequest(w http.ResponseWriter, r *http.Request) (pendingRequest, error) {
	if err := parsePostForm(w, r, maxEncodedRequest+4096); err != nil {
		return pendingRequest{}, err
	}
	return i.acceptPOST(r.PostForm)
}

// parsePostForm parses a bounded application/x-www-form-urlencoded body.
func parsePostForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return reject("the body must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return reject("the request body is too large")
		}
		return reject("the form body is malformed")
	}
	return nil
}

func (i *IdP) showLogin(w http.ResponseWriter, r *http.Request, req pendingRequest) {
	id, ok := i.pending.put(req)
	if !ok {
		i.fail(w, r, http.StatusServiceUnavailable, errors.New("too many sign-ins in progress; try again later"))
		return
	}
	i.opts.Logger.InfoContext(r.Context(), "saml authn request accepted",
		"sp", req.SP.EntityID, "acs", req.ACS, "idp_initiated", req.RequestID == "")
	i.renderLogin(w, http.StatusOK, id, req, "")
}

func (i *IdP) renderLogin(w http.ResponseWriter, status int, id string, req pendingRequest, msg string) {
	loginform.Render(w, status, loginform.Page{
		Title:  "Sandbox SAML IdP — sign in to " + req.SP.EntityID,
		Action: i.basePath + "/login",
		Error:  msg,
		Hidden: []loginform.Field{{Name: pendingField, Value: id}},
	})
}
