package samlauth

import (
	"errors"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// responseData is what the Response envelope says.
type responseData struct {
	id, issuer, destination, inResponseTo, status string
	issueInstant                                  time.Time
}

func readResponse(r *etree.Element) (*responseData, error) {
	if err := onlyChildren(r, "Issuer", "Status", "Assertion"); err != nil {
		return nil, err
	}
	d := &responseData{id: attr(r, "ID"), destination: attr(r, "Destination"), inResponseTo: attr(r, "InResponseTo")}
	if d.id == "" || attr(r, "Version") != "2.0" {
		return nil, errors.New("the Response has no ID or is not SAML 2.0")
	}
	var err error
	if d.issueInstant, err = timeAttr(r, "IssueInstant"); err != nil {
		return nil, err
	}
	if d.issuer, err = readIssuer(r); err != nil {
		return nil, err
	}
	d.status = statusCode(r)
	return d, nil
}

// statusCode returns the top-level StatusCode value, or "" when absent.
func statusCode(r *etree.Element) string {
	for _, st := range r.ChildElements() {
		if st.Tag != "Status" || st.NamespaceURI() != nsProtocol {
			continue
		}
		for _, c := range st.ChildElements() {
			if c.Tag == "StatusCode" && c.NamespaceURI() == nsProtocol {
				return attr(c, "Value")
			}
		}
	}
	return ""
}

// failedStatus describes a non-success status for the person, naming the
// SAML status codes only (never other response text).
func failedStatus(r *etree.Element) error {
	code := statusCode(r)
	if code == statusSuccess {
		return nil
	}
	const prefix = "urn:oasis:names:tc:SAML:2.0:status:"
	if name, ok := strings.CutPrefix(code, prefix); ok && len(name) < 40 && !strings.ContainsAny(name, "<>\"' \n") {
		return reject(ErrStatus, "status "+name)
	}
	return reject(ErrStatus, "")
}
