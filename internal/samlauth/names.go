package samlauth

// XML namespaces, algorithms and fixed URIs.
const (
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsDSig      = "http://www.w3.org/2000/09/xmldsig#"
	nsExcC14N   = "http://www.w3.org/2001/10/xml-exc-c14n#"

	bindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"

	nameIDPersistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
	nameIDEntity     = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
	cmBearer         = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	statusSuccess    = "urn:oasis:names:tc:SAML:2.0:status:Success"

	algEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	algExcC14N   = "http://www.w3.org/2001/10/xml-exc-c14n#"
	algExcC14NC  = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"

	// AWS federation attributes.
	attrRole            = "https://aws.amazon.com/SAML/Attributes/Role"
	attrRoleSessionName = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
	attrEmailTag        = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Email"
	attrSessionDuration = "https://aws.amazon.com/SAML/Attributes/SessionDuration"
	attrGroups          = "groups"
)

// Allowed signature and digest algorithms (SAML-19): SHA-2 only.
var (
	allowedSignatureMethods = map[string]bool{
		"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256":   true,
		"http://www.w3.org/2001/04/xmldsig-more#rsa-sha384":   true,
		"http://www.w3.org/2001/04/xmldsig-more#rsa-sha512":   true,
		"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": true,
		"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": true,
		"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": true,
	}
	allowedDigestMethods = map[string]bool{
		"http://www.w3.org/2001/04/xmlenc#sha256":       true,
		"http://www.w3.org/2001/04/xmldsig-more#sha384": true,
		"http://www.w3.org/2001/04/xmlenc#sha512":       true,
	}
	allowedTransforms = map[string]bool{algEnveloped: true, algExcC14N: true, algExcC14NC: true}
	allowedC14N       = map[string]bool{algExcC14N: true, algExcC14NC: true}
)
