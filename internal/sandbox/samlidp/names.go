package samlidp

// XML namespaces, bindings and fixed URIs used by the IdP.
const (
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsDSig      = "http://www.w3.org/2000/09/xmldsig#"

	bindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
	bindingPOST     = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"

	nameIDPersistent          = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
	nameIDUnspecified         = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
	nameIDEntity              = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
	attrNameFormatURI         = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
	attrNameFormatBasic       = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
	cmBearer                  = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	statusSuccess             = "urn:oasis:names:tc:SAML:2.0:status:Success"
	statusRequester           = "urn:oasis:names:tc:SAML:2.0:status:Requester"
	statusResponder           = "urn:oasis:names:tc:SAML:2.0:status:Responder"
	statusInvalidNameIDPolicy = "urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy"
	statusNoPassive           = "urn:oasis:names:tc:SAML:2.0:status:NoPassive"
	authnContextPPT           = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"

	// AWS federation attributes.
	AttrRole            = "https://aws.amazon.com/SAML/Attributes/Role"
	AttrRoleSessionName = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
	AttrEmailTag        = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Email"
	AttrSessionDuration = "https://aws.amazon.com/SAML/Attributes/SessionDuration"
	AttrGroups          = "groups"
)
