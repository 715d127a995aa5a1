package ssooidc

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
)

// exportedKey is the ExportKeys document: a PKCS#8 DER private key.
type exportedKey struct {
	Key []byte `json:"key"`
}

// ExportKeys returns the id-token signing key for Options.Keys. The result
// holds a private key.
func (s *Service) ExportKeys() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(s.key.priv)
	if err != nil {
		return nil, fmt.Errorf("export identity center key: %w", err)
	}
	b, err := json.Marshal(exportedKey{Key: der})
	if err != nil {
		return nil, fmt.Errorf("export identity center key: %w", err)
	}
	return b, nil
}

// idcKeyFor returns a fresh key, or the exported one.
func idcKeyFor(data []byte) (*idcKey, error) {
	if data == nil {
		return newIDCKey()
	}
	var doc exportedKey
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("import identity center key: %w", err)
	}
	k, err := x509.ParsePKCS8PrivateKey(doc.Key)
	if err != nil {
		return nil, fmt.Errorf("import identity center key: %w", err)
	}
	priv, ok := k.(*rsa.PrivateKey)
	if !ok || priv.N.BitLen() < 2048 {
		return nil, errors.New("import identity center key: not an RSA key of at least 2048 bits")
	}
	return idcKeyFrom(priv)
}
