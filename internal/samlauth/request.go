package samlauth

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	saml2 "github.com/russellhaering/gosaml2"
	dsig "github.com/russellhaering/goxmldsig"
)

// Request is one SP-initiated sign-in in progress. Keep it (server side or
// in the CLI process) until the response arrives; it is single-use.
type Request struct {
	// ID is the AuthnRequest ID the response must answer (InResponseTo).
	ID string
	// RelayState is the random value the IdP returns with the response.
	RelayState string
	// URL is the IdP redirect URL carrying the deflated, base64 SAMLRequest
	// (HTTP-Redirect binding, unsigned).
	URL       string
	CreatedAt time.Time
}

// Begin builds an AuthnRequest: ID, IssueInstant, Destination = the IdP SSO
// URL, AssertionConsumerServiceURL = Config.ACSURL, ProtocolBinding
// HTTP-POST, Issuer = Config.EntityID, NameIDPolicy persistent with
// AllowCreate.
func (sp *ServiceProvider) Begin() (*Request, error) {
	now := sp.cfg.Now()
	s2 := &saml2.SAMLServiceProvider{
		IdentityProviderSSOURL:      sp.idp.ssoURL,
		IdentityProviderSSOBinding:  saml2.BindingHttpRedirect,
		IdentityProviderIssuer:      sp.idp.entityID,
		ServiceProviderIssuer:       sp.cfg.EntityID,
		AssertionConsumerServiceURL: sp.cfg.ACSURL,
		NameIdFormat:                nameIDPersistent,
		Clock:                       dsig.NewFakeClockAt(now),
	}
	doc, err := s2.BuildAuthRequestDocumentNoSig()
	if err != nil {
		return nil, fmt.Errorf("build authn request: %w", err)
	}
	relay, err := randomToken(32)
	if err != nil {
		return nil, fmt.Errorf("build authn request: %w", err)
	}
	u, err := s2.BuildAuthURLRedirect(relay, doc)
	if err != nil {
		return nil, fmt.Errorf("build authn request: %w", err)
	}
	id := doc.Root().SelectAttrValue("ID", "")
	sp.log.Debug("saml authn request", "request_id", id, "idp", sp.idp.entityID)
	return &Request{ID: id, RelayState: relay, URL: u, CreatedAt: now}, nil
}

// randomToken returns n random bytes, base64url without padding (43
// characters for 32 bytes, within RelayState's 80-byte limit).
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
