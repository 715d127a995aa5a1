// Package samlidp is the sandbox's SAML 2.0 identity provider. It publishes
// metadata, accepts AuthnRequests on the HTTP-Redirect and HTTP-POST
// bindings (validated strictly: well-formed UTF-8 XML without DOCTYPE,
// bounded sizes, a registered Issuer and an allowed
// AssertionConsumerServiceURL), signs users in with the shared login form and
// answers with an auto-submitting HTTP-POST form carrying a signed
// SAMLResponse whose assertion holds the AWS federation attributes (Role,
// RoleSessionName, PrincipalTag:Email, optional SessionDuration) and groups.
// Malformed or unauthorised requests end on an error page and are never
// posted anywhere; valid requests the IdP cannot satisfy (IsPassive, a
// NameIDPolicy other than persistent/unspecified) get an assertion-less
// error Response at the verified ACS. IdP-initiated sign-in is GET
// /sso?sp=ENTITYID[&RelayState=…], delivered to the SP's first ACS URL.
//
// XML signatures use goxmldsig (RSA-SHA256, exclusive canonicalisation) over
// documents built with etree; nothing here canonicalises XML by hand.
package samlidp
