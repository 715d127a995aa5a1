package samlidp

import (
	"bytes"
	"encoding/xml"
	"time"
)

// authnRequestXML is the part of samlp:AuthnRequest the IdP reads.
type authnRequestXML struct {
	XMLName         xml.Name          `xml:"urn:oasis:names:tc:SAML:2.0:protocol AuthnRequest"`
	ID              string            `xml:"ID,attr"`
	Version         string            `xml:"Version,attr"`
	IssueInstant    string            `xml:"IssueInstant,attr"`
	Destination     string            `xml:"Destination,attr"`
	ACSURL          string            `xml:"AssertionConsumerServiceURL,attr"`
	ACSIndex        *string           `xml:"AssertionConsumerServiceIndex,attr"`
	ProtocolBinding string            `xml:"ProtocolBinding,attr"`
	IsPassive       string            `xml:"IsPassive,attr"`
	Issuers         []issuerXML       `xml:"urn:oasis:names:tc:SAML:2.0:assertion Issuer"`
	NameIDPolicies  []nameIDPolicyXML `xml:"urn:oasis:names:tc:SAML:2.0:protocol NameIDPolicy"`
}

type issuerXML struct {
	Format string `xml:"Format,attr"`
	Value  string `xml:",chardata"`
}

type nameIDPolicyXML struct {
	Format string `xml:"Format,attr"`
}

// parseAuthnRequest checks the document's shape and unmarshals it.
func parseAuthnRequest(doc []byte) (*authnRequestXML, error) {
	if err := checkXML(doc); err != nil {
		return nil, reject("%s", err.Error())
	}
	var req authnRequestXML
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	if err := dec.Decode(&req); err != nil {
		return nil, reject("not a SAML 2.0 AuthnRequest")
	}
	if err := req.checkHeader(); err != nil {
		return nil, err
	}
	return &req, nil
}

// checkHeader validates the attributes that do not depend on the IdP.
func (r *authnRequestXML) checkHeader() error {
	switch {
	case r.Version != "2.0":
		return reject("Version must be 2.0")
	case !validXMLID(r.ID):
		return reject("ID is missing or not a valid xs:ID")
	case r.IssueInstant == "":
		return reject("IssueInstant is required")
	case len(r.Issuers) != 1:
		return reject("exactly one Issuer is required")
	case r.Issuers[0].Format != "" && r.Issuers[0].Format != nameIDEntity:
		return reject("Issuer Format must be %s", nameIDEntity)
	case r.ProtocolBinding != "" && r.ProtocolBinding != bindingPOST:
		return reject("only the HTTP-POST response binding is supported")
	case len(r.NameIDPolicies) > 1:
		return reject("NameIDPolicy appears more than once")
	}
	if _, err := time.Parse(time.RFC3339, r.IssueInstant); err != nil {
		return reject("IssueInstant is not an xs:dateTime")
	}
	return nil
}

// failureStatus returns the SAML error status for a well-formed request
// from a registered SP that the IdP cannot satisfy (answered with an error
// Response to the verified ACS), or nil.
func (r *authnRequestXML) failureStatus() *samlStatus {
	if r.IsPassive == "true" || r.IsPassive == "1" {
		return &samlStatus{Code: statusResponder, SubCode: statusNoPassive,
			Message: "passive authentication is not supported; the user must sign in"}
	}
	if len(r.NameIDPolicies) == 0 {
		return nil
	}
	switch r.NameIDPolicies[0].Format {
	case "", nameIDPersistent, nameIDUnspecified:
		return nil
	}
	return &samlStatus{Code: statusRequester, SubCode: statusInvalidNameIDPolicy,
		Message: "only the persistent NameID format is supported"}
}

// validXMLID accepts a conservative subset of xs:NCName up to 256 bytes.
func validXMLID(id string) bool {
	if id == "" || len(id) > 256 {
		return false
	}
	for n, c := range id {
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		rest := c == '-' || c == '.' || (c >= '0' && c <= '9')
		if !letter && (n == 0 || !rest) {
			return false
		}
	}
	return true
}
