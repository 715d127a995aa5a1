package cli

import (
	"context"
	"crypto/x509"
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
	"github.com/qbiz/qbiz/internal/samlauth"
)

// certWarn: a signing certificate ending sooner than this is worth
// rotating now.
const certWarn = 30 * 24 * time.Hour

// signingKeys checks the keys sign-ins are verified with: the JWKS the
// discovery document names, or the SAML metadata's signing certificates.
func (d *doctor) signingKeys(ctx context.Context) hopResult {
	if d.p.Mode == identity.ModeSAML {
		certs, err := samlauth.SigningCertificates(d.metadata)
		if err != nil {
			return failedWith("", diagnose.Finding{What: fmt.Sprintf("the SAML metadata at %s gives no usable signing certificate: %v", d.p.SAMLIdPMetadataURL, err),
				Fix: "the identity provider's metadata must carry its signing certificate; ask its administrator"})
		}
		return judgeCerts("the SAML signing certificate", certs, d.a.now())
	}
	keys, err := d.rp.SigningKeys(ctx)
	if err != nil {
		return failedWith("", diagnose.Finding{What: fmt.Sprintf("the key set at %s cannot be used: %v", d.rp.JWKSURI(), err),
			Fix: "the identity provider must publish its signing keys at its jwks_uri; check that this computer reaches it"})
	}
	var certs []*x509.Certificate
	for _, k := range keys {
		if len(k.Certificates) > 0 {
			certs = append(certs, k.Certificates[0])
		}
	}
	if len(certs) == 0 {
		return passed("", fmt.Sprintf("%d signing key(s) at %s, published without certificates (nothing to expire)", len(keys), d.rp.JWKSURI()))
	}
	return judgeCerts(fmt.Sprintf("the certificate of the signing keys at %s", d.rp.JWKSURI()), certs, d.a.now())
}

// judgeCerts passes when a certificate is valid now, warning when the
// latest-ending one ends within certWarn.
func judgeCerts(what string, certs []*x509.Certificate, now time.Time) hopResult {
	var best *x509.Certificate
	for _, c := range certs {
		if !now.Before(c.NotBefore) && now.Before(c.NotAfter) && (best == nil || c.NotAfter.After(best.NotAfter)) {
			best = c
		}
	}
	fix := "rotate the signing certificate at the identity provider (for SAML, then update the IAM SAML provider's metadata: qbiz admin apply)"
	if best == nil {
		return failedWith("", diagnose.Finding{What: fmt.Sprintf("%s is not valid now (valid %s to %s)", what,
			certs[0].NotBefore.UTC().Format(time.DateOnly), certs[0].NotAfter.UTC().Format(time.DateOnly)), Fix: fix})
	}
	until := best.NotAfter.UTC().Format(time.DateOnly)
	if left := best.NotAfter.Sub(now); left < certWarn {
		return hopResult{Status: hopWarn, Problem: fmt.Sprintf("%s expires on %s, in %d days", what, until, int(left.Hours()/24)), Fix: fix}
	}
	return passed("", fmt.Sprintf("%s is valid until %s", what, until))
}
