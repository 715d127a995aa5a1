package oidcidp

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// exportedKeys is the ExportKeys document: PKCS#8 DER private keys.
type exportedKeys struct {
	Current  []byte `json:"current"`
	Previous []byte `json:"previous,omitempty"`
}

// ExportKeys returns the provider's signing keys (current and, after a
// rotation, previous) for Options.Keys. The result holds private keys.
func (p *Provider) ExportKeys() ([]byte, error) {
	p.keys.mu.RLock()
	cur, prev := p.keys.current, p.keys.previous
	p.keys.mu.RUnlock()
	var doc exportedKeys
	var err error
	if doc.Current, err = x509.MarshalPKCS8PrivateKey(cur.priv); err != nil {
		return nil, fmt.Errorf("export oidc keys: %w", err)
	}
	if prev != nil {
		if doc.Previous, err = x509.MarshalPKCS8PrivateKey(prev.priv); err != nil {
			return nil, fmt.Errorf("export oidc keys: %w", err)
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("export oidc keys: %w", err)
	}
	return b, nil
}

// keyRingFor returns a fresh key ring, or the one exported in data.
func keyRingFor(data []byte) (*keyRing, error) {
	if data == nil {
		return newKeyRing()
	}
	var doc exportedKeys
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("import signing keys: %w", err)
	}
	cur, err := importKey(doc.Current)
	if err != nil {
		return nil, fmt.Errorf("import current signing key: %w", err)
	}
	r := &keyRing{current: cur}
	if doc.Previous != nil {
		if r.previous, err = importKey(doc.Previous); err != nil {
			return nil, fmt.Errorf("import previous signing key: %w", err)
		}
	}
	return r, nil
}

func importKey(der []byte) (*signingKey, error) {
	if len(der) == 0 {
		return nil, errors.New("key is missing")
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	priv, ok := k.(*rsa.PrivateKey)
	if !ok || priv.N.BitLen() < 2048 {
		return nil, errors.New("key is not an RSA key of at least 2048 bits")
	}
	tp, err := (&jose.JSONWebKey{Key: &priv.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("thumbprint: %w", err)
	}
	return &signingKey{kid: base64.RawURLEncoding.EncodeToString(tp), priv: priv}, nil
}
