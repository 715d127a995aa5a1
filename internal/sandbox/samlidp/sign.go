package samlidp

import (
	"fmt"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// signingContext returns a goxmldsig context for RSA-SHA256 with exclusive
// canonicalisation, carrying the IdP certificate in KeyInfo.
func (i *IdP) signingContext() (*dsig.SigningContext, error) {
	ctx, err := dsig.NewSigningContext(i.key, [][]byte{i.cert.Raw})
	if err != nil {
		return nil, err
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
		return nil, err
	}
	return ctx, nil
}

// sign adds an enveloped ds:Signature over el (referenced by its ID) as the
// element right after its Issuer, where the SAML schema puts it.
func (i *IdP) sign(el *etree.Element) error {
	ctx, err := i.signingContext()
	if err != nil {
		return fmt.Errorf("signing context: %w", err)
	}
	sig, err := ctx.ConstructSignature(el, true)
	if err != nil {
		return fmt.Errorf("construct signature: %w", err)
	}
	issuer := el.SelectElement("Issuer")
	if issuer == nil {
		return fmt.Errorf("element %s has no Issuer", el.Tag)
	}
	el.InsertChildAt(issuer.Index()+1, sig)
	return nil
}
