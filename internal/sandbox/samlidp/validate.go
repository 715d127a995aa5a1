package samlidp

import (
	"net/url"
	"strconv"
)

// pendingRequest is a validated sign-in request waiting for the user.
type pendingRequest struct {
	RequestID  string // empty for IdP-initiated sign-in
	SP         ServiceProvider
	ACS        string
	RelayState string
	// Failure, when set, is answered at once with an error Response.
	Failure *samlStatus
}

// acceptRedirect decodes and validates an HTTP-Redirect binding request.
func (i *IdP) acceptRedirect(q url.Values) (pendingRequest, error) {
	enc, relay, err := samlParams(q)
	if err != nil {
		return pendingRequest{}, err
	}
	doc, err := decodeRedirectRequest(enc)
	if err != nil {
		return pendingRequest{}, err
	}
	return i.accept(doc, relay)
}

// acceptPOST decodes and validates an HTTP-POST binding request.
func (i *IdP) acceptPOST(form url.Values) (pendingRequest, error) {
	enc, relay, err := samlParams(form)
	if err != nil {
		return pendingRequest{}, err
	}
	doc, err := decodePostRequest(enc)
	if err != nil {
		return pendingRequest{}, err
	}
	return i.accept(doc, relay)
}

func (i *IdP) accept(doc []byte, relay string) (pendingRequest, error) {
	req, err := parseAuthnRequest(doc)
	if err != nil {
		return pendingRequest{}, err
	}
	if req.Destination != "" && req.Destination != i.SSOURL() {
		return pendingRequest{}, reject("Destination does not name this IdP's SSO URL")
	}
	sp, ok := i.serviceProvider(req.Issuers[0].Value)
	if !ok {
		return pendingRequest{}, reject("Issuer is not a registered service provider")
	}
	acs, err := chooseACS(sp, req)
	if err != nil {
		return pendingRequest{}, err
	}
	return pendingRequest{RequestID: req.ID, SP: sp, ACS: acs, RelayState: relay, Failure: req.failureStatus()}, nil
}

// chooseACS resolves the AssertionConsumerService the response goes to.
func chooseACS(sp ServiceProvider, req *authnRequestXML) (string, error) {
	switch {
	case req.ACSURL != "" && req.ACSIndex != nil:
		return "", reject("AssertionConsumerServiceURL and AssertionConsumerServiceIndex are mutually exclusive")
	case req.ACSURL != "":
		if !sp.allowsACS(req.ACSURL) {
			return "", reject("AssertionConsumerServiceURL is not registered for this service provider")
		}
		return req.ACSURL, nil
	case req.ACSIndex != nil:
		return acsByIndex(sp, *req.ACSIndex)
	}
	if acs, ok := sp.defaultACS(); ok {
		return acs, nil
	}
	return "", reject("the service provider has no usable AssertionConsumerService")
}

func acsByIndex(sp ServiceProvider, s string) (string, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n >= len(sp.ACSURLs) {
		return "", reject("AssertionConsumerServiceIndex is not registered for this service provider")
	}
	if _, ok := parseACS(sp.ACSURLs[n]); !ok {
		return "", reject("AssertionConsumerServiceIndex is not registered for this service provider")
	}
	return sp.ACSURLs[n], nil
}

// idpInitiated starts an unsolicited sign-in for ?sp=ENTITYID, delivered
// to the SP's first registered ACS URL.
func (i *IdP) idpInitiated(q url.Values) (pendingRequest, error) {
	sp, ok := i.serviceProvider(q.Get("sp"))
	if !ok {
		return pendingRequest{}, reject("sp is not a registered service provider")
	}
	relays := q["RelayState"]
	if len(relays) > 1 || (len(relays) == 1 && len(relays[0]) > maxRelayState) {
		return pendingRequest{}, reject("RelayState must appear at most once and hold at most %d bytes", maxRelayState)
	}
	acs, ok := sp.defaultACS()
	if !ok {
		return pendingRequest{}, reject("the service provider has no usable AssertionConsumerService")
	}
	return pendingRequest{SP: sp, ACS: acs, RelayState: q.Get("RelayState")}, nil
}
