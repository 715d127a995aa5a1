package samlauth

import (
	"crypto/x509"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// verified holds what the signatures vouch for. assertion is always a copy
// returned by goxmldsig for a signature that verified; response is the
// verified Response when it was signed, else the parsed (unsigned) one,
// whose values are only trusted where they match the signed assertion.
type verified struct {
	response, assertion *etree.Element
	responseSigned      bool
}

// verifySignatures checks every signature present, requires at least one,
// and returns the verified nodes to consume (SAML-01…11, 20).
func verifySignatures(s *shape, certs []*x509.Certificate, now time.Time) (*verified, error) {
	if s.responseSig == nil && s.assertionSig == nil {
		return nil, reject(ErrSignature, "neither the Response nor the Assertion is signed")
	}
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: certs})
	ctx.Clock = dsig.NewFakeClockAt(now)
	v := &verified{response: s.response}
	if s.responseSig != nil {
		if err := v.verifyResponse(ctx, s); err != nil {
			return nil, err
		}
	}
	if s.assertionSig != nil {
		return v, v.verifyAssertion(ctx, s)
	}
	return v, nil
}

func (v *verified) verifyResponse(ctx *dsig.ValidationContext, s *shape) error {
	out, err := ctx.Validate(s.response)
	if err != nil {
		return reject(ErrSignature, "the Response signature does not verify")
	}
	a, err := soleAssertion(out)
	if err != nil || attr(a, "ID") != attr(s.assertion, "ID") || attr(out, "ID") != attr(s.response, "ID") {
		return reject(ErrSignature, "the signed Response is not the Response received")
	}
	v.response, v.assertion, v.responseSigned = out, a, true
	return nil
}

func (v *verified) verifyAssertion(ctx *dsig.ValidationContext, s *shape) error {
	nsctx, err := etreeutils.NSBuildParentContext(s.assertion)
	if err != nil {
		return reject(ErrMalformed, "undeclared namespace prefix")
	}
	detached, err := etreeutils.NSDetatch(nsctx, s.assertion)
	if err != nil {
		return reject(ErrMalformed, "undeclared namespace prefix")
	}
	out, err := ctx.Validate(detached)
	if err != nil {
		return reject(ErrSignature, "the Assertion signature does not verify")
	}
	if out.Tag != "Assertion" || out.NamespaceURI() != nsAssertion || attr(out, "ID") != attr(s.assertion, "ID") {
		return reject(ErrSignature, "the signed Assertion is not the Assertion received")
	}
	v.assertion = out
	return nil
}

// soleAssertion re-applies the one-assertion rule to a verified Response.
func soleAssertion(resp *etree.Element) (*etree.Element, error) {
	var found []*etree.Element
	walk(resp, func(el *etree.Element) {
		if el.Tag == "Assertion" || el.Tag == "EncryptedAssertion" {
			found = append(found, el)
		}
	})
	return singleAssertion(resp, found)
}

func attr(el *etree.Element, key string) string { return el.SelectAttrValue(key, "") }
