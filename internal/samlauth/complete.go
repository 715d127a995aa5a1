package samlauth

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"time"
)

// Complete verifies the HTTP-POST form (SAMLResponse, RelayState) received
// for req and returns the sign-in. Every failure wraps ErrInvalidResponse;
// it is returned, not logged: the caller renders it once.
func (sp *ServiceProvider) Complete(req *Request, form url.Values) (*Result, error) {
	res, err := sp.complete(req, form)
	if err != nil {
		return nil, err
	}
	sp.log.Info("saml sign-in verified", "result", res)
	return res, nil
}

func (sp *ServiceProvider) complete(req *Request, form url.Values) (*Result, error) {
	now := sp.cfg.Now()
	if err := sp.checkRequest(req, form, now); err != nil {
		return nil, err
	}
	raw, err := sp.decode(form["SAMLResponse"])
	if err != nil {
		return nil, err
	}
	a, err := sp.validate(raw, req, now)
	if err != nil {
		return nil, err
	}
	return sp.result(base64.StdEncoding.EncodeToString(raw), a)
}

// checkRequest binds the form to req: RelayState equal, request unexpired.
func (sp *ServiceProvider) checkRequest(req *Request, form url.Values, now time.Time) error {
	if req == nil || req.ID == "" {
		return reject(ErrInResponseTo, "no sign-in request is in progress")
	}
	relay := form["RelayState"]
	if len(relay) != 1 || subtle.ConstantTimeCompare([]byte(relay[0]), []byte(req.RelayState)) != 1 {
		return reject(ErrRelayState, "")
	}
	if now.Sub(req.CreatedAt) > sp.cfg.RequestTTL {
		return reject(ErrExpired, "the sign-in request is older than "+sp.cfg.RequestTTL.String()+"; start again")
	}
	return nil
}

// decode reads exactly one base64 SAMLResponse (line breaks allowed),
// bounding the size before decoding.
func (sp *ServiceProvider) decode(values []string) ([]byte, error) {
	if len(values) != 1 || values[0] == "" {
		return nil, reject(ErrMalformed, "expected exactly one SAMLResponse")
	}
	if len(values[0]) > sp.cfg.MaxResponseBytes/3*4+4096 {
		return nil, reject(ErrTooLarge, "")
	}
	clean := strings.Map(dropSpace, values[0])
	raw, err := base64.StdEncoding.DecodeString(clean)
	if err != nil {
		return nil, reject(ErrMalformed, "SAMLResponse is not base64")
	}
	return raw, nil
}

func dropSpace(r rune) rune {
	if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
		return -1
	}
	return r
}

// validate runs every check in order on the raw XML and returns the
// verified assertion's data.
func (sp *ServiceProvider) validate(raw []byte, req *Request, now time.Time) (*assertionData, error) {
	if err := checkRawXML(raw, sp.cfg.MaxResponseBytes); err != nil {
		return nil, err
	}
	s, err := parseResponse(raw)
	if err != nil {
		return nil, err
	}
	v, err := verifySignatures(s, sp.idp.certs, now)
	if err != nil {
		return nil, err
	}
	r, a, err := readVerified(v)
	if err != nil {
		return nil, err
	}
	c := &checker{cfg: &sp.cfg, issuer: sp.idp.entityID, req: req, now: now}
	if err := c.response(r); err != nil {
		return nil, err
	}
	if err := c.assertion(a); err != nil {
		return nil, err
	}
	return a, sp.consume(r, a, req)
}

func readVerified(v *verified) (*responseData, *assertionData, error) {
	if err := failedStatus(v.response); err != nil {
		return nil, nil, err
	}
	r, err := readResponse(v.response)
	if err != nil {
		return nil, nil, asRejection(err)
	}
	a, err := readAssertion(v.assertion)
	if err != nil {
		return nil, nil, asRejection(err)
	}
	return r, a, nil
}

// asRejection wraps plain errors as ErrMalformed rejections.
func asRejection(err error) error {
	if errors.Is(err, ErrInvalidResponse) {
		return err
	}
	return reject(ErrMalformed, err.Error())
}

// consume records the assertion, the response and the request as used
// until the assertion expires (SAML-26); any of them seen before is a replay.
func (sp *ServiceProvider) consume(r *responseData, a *assertionData, req *Request) error {
	until := expiry(a).Add(sp.cfg.ClockSkew)
	if reqUntil := req.CreatedAt.Add(sp.cfg.RequestTTL); reqUntil.After(until) {
		until = reqUntil
	}
	keys := []string{"assertion:" + a.id, "response:" + r.id, "request:" + req.ID}
	for _, k := range keys {
		if sp.cfg.Replay.Seen("saml\x00"+sp.idp.entityID+"\x00"+k, until) {
			return reject(ErrReplay, "this sign-in response was already used; sign in again")
		}
	}
	return nil
}
