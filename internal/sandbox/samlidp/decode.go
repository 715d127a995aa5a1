package samlidp

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
)

const (
	// maxEncodedRequest bounds the base64 SAMLRequest parameter.
	maxEncodedRequest = 64 << 10
	// maxRequestXML bounds the decoded (and inflated) AuthnRequest.
	maxRequestXML = 32 << 10
	// maxRelayState is the SAML bindings limit (saml-bindings §3.4.3, §3.5.3).
	maxRelayState = 80
)

// errRequest marks a rejected request; its text is safe to show the user.
var errRequest = errors.New("SAML request rejected")

func reject(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errRequest, fmt.Sprintf(format, args...))
}

// samlParams extracts SAMLRequest and RelayState, each at most once.
func samlParams(v url.Values) (request, relay string, err error) {
	reqs, relays := v["SAMLRequest"], v["RelayState"]
	switch {
	case len(reqs) != 1 || reqs[0] == "":
		return "", "", reject("exactly one SAMLRequest parameter is required")
	case len(relays) > 1:
		return "", "", reject("RelayState appears more than once")
	case len(reqs[0]) > maxEncodedRequest:
		return "", "", reject("SAMLRequest is larger than %d bytes", maxEncodedRequest)
	}
	if len(relays) == 1 {
		relay = relays[0]
	}
	if len(relay) > maxRelayState {
		return "", "", reject("RelayState is longer than %d bytes", maxRelayState)
	}
	return reqs[0], relay, nil
}

// decodeRedirectRequest undoes the HTTP-Redirect encoding: base64 of raw
// DEFLATE, inflated under a hard size limit.
func decodeRedirectRequest(encoded string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, reject("SAMLRequest is not valid base64")
	}
	zr := flate.NewReader(bytes.NewReader(raw))
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, maxRequestXML+1))
	if err != nil {
		return nil, reject("SAMLRequest is not valid DEFLATE data")
	}
	if len(out) > maxRequestXML {
		return nil, reject("inflated SAMLRequest is larger than %d bytes", maxRequestXML)
	}
	return out, nil
}

// decodePostRequest undoes the HTTP-POST encoding: plain base64.
func decodePostRequest(encoded string) ([]byte, error) {
	out, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, reject("SAMLRequest is not valid base64")
	}
	if len(out) > maxRequestXML {
		return nil, reject("SAMLRequest is larger than %d bytes", maxRequestXML)
	}
	return out, nil
}
