package oidcauth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

func rsaKey(t *testing.T, bits int) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func publicJWK(k *rsa.PrivateKey) jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.PublicKey, KeyID: "k", Algorithm: "RS256", Use: "sig"}
}

// signedWith is a compact JWS over a small payload, signed by k with kid "k".
func signedWith(t *testing.T, k *rsa.PrivateKey) *jose.JSONWebSignature {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: k}, (&jose.SignerOptions{}).WithHeader("kid", "k"))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := s.Sign([]byte(`{"sub":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	compact, _ := obj.CompactSerialize()
	jws, err := jose.ParseSigned(compact, allowedAlgs)
	if err != nil {
		t.Fatal(err)
	}
	return jws
}

// An RSA key under 2048 bits in the provider's JWKS is dropped when the
// set is read; the same set with a 2048-bit key is kept.
func TestWeakRSAKeyDroppedFromJWKS(t *testing.T) {
	cases := []struct {
		bits int
		want int
	}{{1024, 0}, {2048, 1}}
	for _, tc := range cases {
		body, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{publicJWK(rsaKey(t, tc.bits))}})
		if err != nil {
			t.Fatal(err)
		}
		keys, err := parseJWKS(body)
		if len(keys) != tc.want || (tc.want == 0) != (err != nil) {
			t.Errorf("%d bits: got %d keys, err %v; want %d", tc.bits, len(keys), err, tc.want)
		}
	}
}

// A weak RSA key that reaches verification by another way than the JWKS
// parser still verifies nothing; the 2048-bit twin does.
func TestWeakRSAKeyNeverVerifies(t *testing.T) {
	for _, tc := range []struct {
		bits int
		ok   bool
	}{{1024, false}, {2048, true}} {
		k := rsaKey(t, tc.bits)
		if _, ok := verifyWith(signedWith(t, k), []jose.JSONWebKey{publicJWK(k)}); ok != tc.ok {
			t.Errorf("%d bits: verified %v, want %v", tc.bits, ok, tc.ok)
		}
	}
}
