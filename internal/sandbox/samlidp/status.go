package samlidp

import (
	"net/http"

	"github.com/beevik/etree"
)

// samlStatus is a samlp:Status: a top-level code, an optional second-level
// code and an optional message.
type samlStatus struct{ Code, SubCode, Message string }

func addStatus(resp *etree.Element, s samlStatus) {
	st := resp.CreateElement("samlp:Status")
	code := st.CreateElement("samlp:StatusCode")
	code.CreateAttr("Value", s.Code)
	if s.SubCode != "" {
		code.CreateElement("samlp:StatusCode").CreateAttr("Value", s.SubCode)
	}
	if s.Message != "" {
		st.CreateElement("samlp:StatusMessage").SetText(s.Message)
	}
}

// respondFailure answers a valid request the IdP cannot satisfy with an
// assertion-less error Response posted to the request's verified ACS.
func (i *IdP) respondFailure(w http.ResponseWriter, r *http.Request, req pendingRequest) {
	resp := i.responseEnvelope(req, i.opts.Now())
	addStatus(resp, *req.Failure)
	encoded, err := i.finishResponse(resp)
	if err != nil {
		i.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	i.opts.Logger.InfoContext(r.Context(), "saml error response issued",
		"sp", req.SP.EntityID, "acs", req.ACS, "status", req.Failure.SubCode)
	renderAutoPost(w, req.ACS, encoded, req.RelayState)
}
