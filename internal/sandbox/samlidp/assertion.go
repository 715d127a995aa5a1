package samlidp

import (
	"strconv"
	"time"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

// samlTime formats an xs:dateTime in UTC with milliseconds.
func samlTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func newID() string { return "_" + randomHex(20) }

// buildAssertion renders the saml:Assertion for user. It declares its own
// namespace so it can be signed before it is placed in the Response.
func (i *IdP) buildAssertion(req pendingRequest, user directory.User, now time.Time) *etree.Element {
	a := etree.NewElement("saml:Assertion")
	a.CreateAttr("xmlns:saml", nsAssertion)
	a.CreateAttr("ID", newID())
	a.CreateAttr("Version", "2.0")
	a.CreateAttr("IssueInstant", samlTime(now))
	i.addIssuer(a)
	i.addSubject(a, req, user, now)
	i.addConditions(a, req.SP, now)
	addAuthnStatement(a, req.SP, now)
	i.addAttributes(a, req.SP, user)
	return a
}

func (i *IdP) addIssuer(parent *etree.Element) {
	iss := parent.CreateElement("saml:Issuer")
	iss.CreateAttr("Format", nameIDEntity)
	iss.SetText(i.EntityID())
}

func (i *IdP) addSubject(a *etree.Element, req pendingRequest, user directory.User, now time.Time) {
	s := a.CreateElement("saml:Subject")
	n := s.CreateElement("saml:NameID")
	n.CreateAttr("Format", nameIDPersistent)
	n.SetText(user.Subject)
	sc := s.CreateElement("saml:SubjectConfirmation")
	sc.CreateAttr("Method", cmBearer)
	scd := sc.CreateElement("saml:SubjectConfirmationData")
	if req.RequestID != "" {
		scd.CreateAttr("InResponseTo", req.RequestID)
	}
	scd.CreateAttr("NotOnOrAfter", samlTime(now.Add(i.opts.AssertionTTL)))
	scd.CreateAttr("Recipient", orDefault(req.SP.Recipient, i.opts.Recipient))
}

func (i *IdP) addConditions(a *etree.Element, sp ServiceProvider, now time.Time) {
	c := a.CreateElement("saml:Conditions")
	c.CreateAttr("NotBefore", samlTime(now))
	c.CreateAttr("NotOnOrAfter", samlTime(now.Add(i.opts.AssertionTTL)))
	c.CreateElement("saml:AudienceRestriction").CreateElement("saml:Audience").SetText(orDefault(sp.Audience, i.opts.Audience))
}

func addAuthnStatement(a *etree.Element, sp ServiceProvider, now time.Time) {
	st := a.CreateElement("saml:AuthnStatement")
	st.CreateAttr("AuthnInstant", samlTime(now))
	if sp.SessionLifetime > 0 {
		st.CreateAttr("SessionNotOnOrAfter", samlTime(now.Add(sp.SessionLifetime)))
	}
	st.CreateAttr("SessionIndex", newID())
	st.CreateElement("saml:AuthnContext").CreateElement("saml:AuthnContextClassRef").SetText(authnContextPPT)
}

func (i *IdP) addAttributes(a *etree.Element, sp ServiceProvider, user directory.User) {
	st := a.CreateElement("saml:AttributeStatement")
	roles := make([]string, 0, len(sp.Roles))
	for _, r := range sp.Roles {
		roles = append(roles, r.String())
	}
	addAttribute(st, AttrRole, attrNameFormatURI, roles...)
	addAttribute(st, AttrRoleSessionName, attrNameFormatURI, user.Email)
	addAttribute(st, AttrEmailTag, attrNameFormatURI, user.Email)
	if secs := int64(i.opts.SessionDuration / time.Second); secs > 0 {
		addAttribute(st, AttrSessionDuration, attrNameFormatURI, strconv.FormatInt(secs, 10))
	}
	addAttribute(st, AttrGroups, attrNameFormatBasic, user.Groups...)
}

// addAttribute adds a saml:Attribute unless it has no values.
func addAttribute(st *etree.Element, name, format string, values ...string) {
	if len(values) == 0 {
		return
	}
	attr := st.CreateElement("saml:Attribute")
	attr.CreateAttr("Name", name)
	attr.CreateAttr("NameFormat", format)
	for _, v := range values {
		attr.CreateElement("saml:AttributeValue").SetText(v)
	}
}

// orDefault is v, or def when v is empty.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
