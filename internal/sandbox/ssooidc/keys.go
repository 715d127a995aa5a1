package ssooidc

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// idcKey is the RSA key the emulated Identity Center signs id tokens with.
type idcKey struct {
	kid    string
	priv   *rsa.PrivateKey
	signer jose.Signer
	jwks   []byte
}

func newIDCKey() (*idcKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate identity center key: %w", err)
	}
	return idcKeyFrom(priv)
}

func idcKeyFrom(priv *rsa.PrivateKey) (*idcKey, error) {
	tp, err := (&jose.JSONWebKey{Key: &priv.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("thumbprint identity center key: %w", err)
	}
	k := &idcKey{kid: base64.RawURLEncoding.EncodeToString(tp), priv: priv}
	k.signer, err = jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: priv},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", k.kid))
	if err != nil {
		return nil, fmt.Errorf("identity center signer: %w", err)
	}
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &priv.PublicKey, KeyID: k.kid, Algorithm: string(jose.RS256), Use: "sig"}}}
	if k.jwks, err = json.Marshal(set); err != nil {
		return nil, fmt.Errorf("identity center jwks: %w", err)
	}
	return k, nil
}
