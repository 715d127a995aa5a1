package samlauth

import (
	"errors"
	"fmt"
	"time"

	"github.com/beevik/etree"
)

// assertionData is what the verified assertion says.
type assertionData struct {
	id, issuer, nameID      string
	issueInstant            time.Time
	subject                 confirmation
	notBefore, notOnOrAfter time.Time
	audiences               [][]string
	sessionNotOnOrAfter     time.Time
	attrs                   map[string][]string
}

// confirmation is the single bearer SubjectConfirmationData.
type confirmation struct {
	recipient, inResponseTo string
	notOnOrAfter            time.Time
}

// readAssertion extracts the verified assertion, refusing anything outside
// the SAML assertion namespace (GO-2026-6909: a NameID in another namespace
// is never matched) and every element SAML allows but an AWS-bound bearer
// assertion does not need.
func readAssertion(a *etree.Element) (*assertionData, error) {
	if err := checkNamespaces(a); err != nil {
		return nil, err
	}
	if err := onlyChildren(a, "Issuer", "Subject", "Conditions", "AuthnStatement", "AttributeStatement"); err != nil {
		return nil, err
	}
	d := &assertionData{id: attr(a, "ID")}
	if d.id == "" || attr(a, "Version") != "2.0" {
		return nil, errors.New("the assertion has no ID or is not SAML 2.0")
	}
	steps := []func(*etree.Element) error{d.readHeader, d.readSubject, d.readConditions, d.readAuthn, d.readAttributes}
	for _, step := range steps {
		if err := step(a); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// checkNamespaces requires every element of the assertion, outside its
// ds:Signature, to be in the SAML assertion namespace.
func checkNamespaces(el *etree.Element) error {
	for _, c := range el.ChildElements() {
		if c.Tag == "Signature" && c.NamespaceURI() == nsDSig && el.Tag == "Assertion" {
			continue
		}
		if c.NamespaceURI() != nsAssertion {
			return fmt.Errorf("an element in a foreign namespace inside %s", el.Tag)
		}
		if err := checkNamespaces(c); err != nil {
			return err
		}
	}
	return nil
}

func (d *assertionData) readHeader(a *etree.Element) error {
	var err error
	if d.issueInstant, err = timeAttr(a, "IssueInstant"); err != nil {
		return err
	}
	d.issuer, err = readIssuer(a)
	return err
}

// readIssuer reads the single Issuer, whose Format must be entity if set.
func readIssuer(el *etree.Element) (string, error) {
	iss, err := exactlyOne(el, "Issuer")
	if err != nil {
		return "", reject(ErrWrongIssuer, "missing or repeated Issuer")
	}
	if f := attr(iss, "Format"); f != "" && f != nameIDEntity {
		return "", reject(ErrWrongIssuer, "Issuer Format is not entity")
	}
	return fullText(iss)
}

func (d *assertionData) readSubject(a *etree.Element) error {
	s, err := exactlyOne(a, "Subject")
	if err != nil {
		return err
	}
	if err := onlyChildren(s, "NameID", "SubjectConfirmation"); err != nil {
		return err
	}
	if d.nameID, err = textOf(s, "NameID"); err != nil {
		return err
	}
	if d.nameID == "" {
		return errors.New("empty NameID")
	}
	sc, err := exactlyOne(s, "SubjectConfirmation")
	if err != nil {
		return err
	}
	d.subject, err = readConfirmation(sc)
	return err
}

func readConfirmation(sc *etree.Element) (confirmation, error) {
	if attr(sc, "Method") != cmBearer {
		return confirmation{}, errors.New("SubjectConfirmation Method is not bearer")
	}
	scd, err := exactlyOne(sc, "SubjectConfirmationData")
	if err != nil {
		return confirmation{}, err
	}
	if scd.SelectAttr("NotBefore") != nil {
		return confirmation{}, errors.New("bearer SubjectConfirmationData must not carry NotBefore")
	}
	noa, err := timeAttr(scd, "NotOnOrAfter")
	if err != nil {
		return confirmation{}, err
	}
	return confirmation{recipient: attr(scd, "Recipient"), inResponseTo: attr(scd, "InResponseTo"), notOnOrAfter: noa}, nil
}

func (d *assertionData) readConditions(a *etree.Element) error {
	c, err := exactlyOne(a, "Conditions")
	if err != nil {
		return err
	}
	if err := onlyChildren(c, "AudienceRestriction", "OneTimeUse", "ProxyRestriction"); err != nil {
		return err
	}
	if d.notBefore, err = timeAttr(c, "NotBefore"); err != nil {
		return err
	}
	if d.notOnOrAfter, err = timeAttr(c, "NotOnOrAfter"); err != nil {
		return err
	}
	for _, ar := range samlChildren(c, "AudienceRestriction") {
		auds, err := texts(samlChildren(ar, "Audience"))
		if err != nil {
			return err
		}
		d.audiences = append(d.audiences, auds)
	}
	return nil
}

// readAuthn requires an AuthnStatement and keeps the earliest
// SessionNotOnOrAfter.
func (d *assertionData) readAuthn(a *etree.Element) error {
	sts := samlChildren(a, "AuthnStatement")
	if len(sts) == 0 {
		return errors.New("the assertion has no AuthnStatement")
	}
	for _, st := range sts {
		t, err := optionalTimeAttr(st, "SessionNotOnOrAfter")
		if err != nil {
			return err
		}
		if !t.IsZero() && (d.sessionNotOnOrAfter.IsZero() || t.Before(d.sessionNotOnOrAfter)) {
			d.sessionNotOnOrAfter = t
		}
	}
	return nil
}

// readAttributes collects attribute values by Name; a Name given twice is
// refused so no value can shadow another.
func (d *assertionData) readAttributes(a *etree.Element) error {
	d.attrs = map[string][]string{}
	for _, st := range samlChildren(a, "AttributeStatement") {
		for _, at := range samlChildren(st, "Attribute") {
			name := attr(at, "Name")
			if _, dup := d.attrs[name]; dup || name == "" {
				return errors.New("an attribute without a Name or given twice")
			}
			vals, err := texts(samlChildren(at, "AttributeValue"))
			if err != nil {
				return err
			}
			d.attrs[name] = vals
		}
	}
	return nil
}

func texts(els []*etree.Element) ([]string, error) {
	out := make([]string, 0, len(els))
	for _, el := range els {
		s, err := fullText(el)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
