package samlidp

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// exportedKeys is the ExportKeys document: a PKCS#8 DER key and the DER
// certificate published in the metadata.
type exportedKeys struct {
	Key         []byte `json:"key"`
	Certificate []byte `json:"certificate"`
}

// ExportKeys returns the signing key and certificate for Options.Keys. The
// result holds a private key.
func (i *IdP) ExportKeys() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(i.key)
	if err != nil {
		return nil, fmt.Errorf("export saml keys: %w", err)
	}
	b, err := json.Marshal(exportedKeys{Key: der, Certificate: i.cert.Raw})
	if err != nil {
		return nil, fmt.Errorf("export saml keys: %w", err)
	}
	return b, nil
}

// ServiceProviders returns the registered service providers ordered by
// entity ID.
func (i *IdP) ServiceProviders() []ServiceProvider {
	i.mu.RLock()
	defer i.mu.RUnlock()
	out := make([]ServiceProvider, 0, len(i.sps))
	for _, sp := range i.sps {
		sp.ACSURLs, sp.Roles = slices.Clone(sp.ACSURLs), slices.Clone(sp.Roles)
		out = append(out, sp)
	}
	slices.SortFunc(out, func(a, b ServiceProvider) int { return strings.Compare(a.EntityID, b.EntityID) })
	return out
}

// signingKeyFor returns a fresh key and certificate, or the exported ones.
func signingKeyFor(data []byte, now time.Time) (*rsa.PrivateKey, *x509.Certificate, error) {
	if data == nil {
		return newSigningKey(now)
	}
	var doc exportedKeys
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("import signing key: %w", err)
	}
	k, err := x509.ParsePKCS8PrivateKey(doc.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("import signing key: %w", err)
	}
	key, ok := k.(*rsa.PrivateKey)
	if !ok || key.N.BitLen() < 2048 {
		return nil, nil, errors.New("import signing key: not an RSA key of at least 2048 bits")
	}
	cert, err := x509.ParseCertificate(doc.Certificate)
	if err != nil {
		return nil, nil, fmt.Errorf("import signing certificate: %w", err)
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		return nil, nil, errors.New("import signing certificate: it does not certify the signing key")
	}
	return key, cert, nil
}
