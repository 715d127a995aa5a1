package samlidp

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"time"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

// buildResponse renders and signs the samlp:Response for req and user and
// returns it base64-encoded, ready for the HTTP-POST binding.
func (i *IdP) buildResponse(req pendingRequest, user directory.User, now time.Time) (string, error) {
	assertion := i.buildAssertion(req, user, now)
	if i.opts.Signing == SignAssertion || i.opts.Signing == SignBoth {
		if err := i.sign(assertion); err != nil {
			return "", fmt.Errorf("build response: sign assertion: %w", err)
		}
	}
	resp := i.responseEnvelope(req, now)
	addStatus(resp, samlStatus{Code: statusSuccess})
	resp.AddChild(assertion)
	return i.finishResponse(resp)
}

// finishResponse signs the Response when the policy says so and encodes it.
func (i *IdP) finishResponse(resp *etree.Element) (string, error) {
	if i.opts.Signing == SignResponse || i.opts.Signing == SignBoth {
		if err := i.sign(resp); err != nil {
			return "", fmt.Errorf("build response: sign response: %w", err)
		}
	}
	doc := etree.NewDocument()
	doc.SetRoot(resp)
	out, err := doc.WriteToBytes()
	if err != nil {
		return "", fmt.Errorf("build response: serialise: %w", err)
	}
	return base64.StdEncoding.EncodeToString(out), nil
}

func (i *IdP) responseEnvelope(req pendingRequest, now time.Time) *etree.Element {
	r := etree.NewElement("samlp:Response")
	r.CreateAttr("xmlns:samlp", nsProtocol)
	r.CreateAttr("xmlns:saml", nsAssertion)
	r.CreateAttr("ID", newID())
	r.CreateAttr("Version", "2.0")
	r.CreateAttr("IssueInstant", samlTime(now))
	r.CreateAttr("Destination", req.ACS)
	if req.RequestID != "" {
		r.CreateAttr("InResponseTo", req.RequestID)
	}
	i.addIssuer(r)
	return r
}

// respond issues the response for a signed-in user.
func (i *IdP) respond(w http.ResponseWriter, r *http.Request, req pendingRequest, user directory.User) {
	encoded, err := i.buildResponse(req, user, i.opts.Now())
	if err != nil {
		i.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	i.opts.Logger.InfoContext(r.Context(), "saml response issued",
		"sp", req.SP.EntityID, "acs", req.ACS, "subject", user.Subject, "signing", int(i.opts.Signing))
	renderAutoPost(w, req.ACS, encoded, req.RelayState)
}
