package oidcidp

import (
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// signIDToken serialises claims as a compact JWS, applying the client
// profile's header or signature misbehaviour.
func (p *Provider) signIDToken(profile string, claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("sign id token: %w", err)
	}
	if profile == ProfileRotateBeforeSign {
		if err := p.RotateKeys(); err != nil {
			return "", fmt.Errorf("sign id token: %w", err)
		}
	}
	key := p.keys.signer()
	switch profile {
	case ProfileAlgNone:
		return unsignedJWT(key.kid, payload), nil
	case ProfileAlgHS256:
		return hmacJWT(key.kid, payload, publicPEM(&key.priv.PublicKey))
	case ProfileAlgHS256JWK:
		jwk, err := json.Marshal(key.publicJWK())
		if err != nil {
			return "", fmt.Errorf("sign id token: %w", err)
		}
		return hmacJWT(key.kid, payload, jwk)
	}
	return signRS256(profile, key, payload)
}

func signRS256(profile string, key *signingKey, payload []byte) (string, error) {
	sk, opts, err := rsaSigningSetup(profile, key)
	if err != nil {
		return "", fmt.Errorf("sign id token: %w", err)
	}
	signer, err := jose.NewSigner(sk, opts)
	if err != nil {
		return "", fmt.Errorf("sign id token: %w", err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign id token: %w", err)
	}
	out, err := obj.CompactSerialize()
	if err != nil {
		return "", fmt.Errorf("sign id token: %w", err)
	}
	if profile == ProfileBadSignature {
		return corruptSignature(out), nil
	}
	return out, nil
}

// rsaSigningSetup picks the key and header options for a profile.
func rsaSigningSetup(profile string, key *signingKey) (jose.SigningKey, *jose.SignerOptions, error) {
	opts := (&jose.SignerOptions{}).WithType("JWT")
	jwk := jose.JSONWebKey{Key: key.priv, KeyID: key.kid, Algorithm: string(jose.RS256)}
	switch profile {
	case ProfileKidUnknown:
		jwk.KeyID = "unknown-" + key.kid
	case ProfileKidAbsent:
		return jose.SigningKey{Algorithm: jose.RS256, Key: key.priv}, opts, nil
	case ProfileEmbeddedJWK:
		foreign, err := newSigningKey()
		if err != nil {
			return jose.SigningKey{}, nil, err
		}
		opts.EmbedJWK = true
		return jose.SigningKey{Algorithm: jose.RS256, Key: foreign.priv}, opts, nil
	case ProfileCritHeader:
		opts = opts.WithHeader("urn:qbiz:unknown", true).WithCritical("urn:qbiz:unknown")
	}
	return jose.SigningKey{Algorithm: jose.RS256, Key: jwk}, opts, nil
}

// corruptSignature flips one bit of the signature's first byte.
func corruptSignature(compact string) string {
	i := strings.LastIndexByte(compact, '.')
	sig, err := base64.RawURLEncoding.DecodeString(compact[i+1:])
	if err != nil || len(sig) == 0 {
		return compact + "A"
	}
	sig[0] ^= 0x01
	return compact[:i+1] + base64.RawURLEncoding.EncodeToString(sig)
}

func encodedHeader(alg, kid string) string {
	h, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT", "kid": kid})
	return base64.RawURLEncoding.EncodeToString(h)
}

func unsignedJWT(kid string, payload []byte) string {
	return encodedHeader("none", kid) + "." + base64.RawURLEncoding.EncodeToString(payload) + "."
}

// hmacJWT is the algorithm-confusion token: HS256 keyed with public material.
func hmacJWT(kid string, payload, secret []byte) (string, error) {
	input := encodedHeader("HS256", kid) + "." + base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

func publicPEM(pub *rsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// verifyOwnToken checks a compact JWS against the published keys and returns
// its claims; expiry is not checked (used for id_token_hint).
func (p *Provider) verifyOwnToken(compact string) (map[string]any, error) {
	obj, err := jose.ParseSignedCompact(compact, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil || len(obj.Signatures) != 1 {
		return nil, fmt.Errorf("verify token: malformed")
	}
	key := p.keys.byKid(obj.Signatures[0].Header.KeyID)
	if key == nil {
		return nil, fmt.Errorf("verify token: unknown key")
	}
	payload, err := obj.Verify(&key.priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("verify token: %w", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, fmt.Errorf("verify token: %w", err)
	}
	if claims["iss"] != p.opts.Issuer {
		return nil, fmt.Errorf("verify token: issuer mismatch")
	}
	return claims, nil
}
