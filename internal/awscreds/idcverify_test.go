package awscreds

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/coreos/go-oidc/v3/oidc"
)

// An Identity Center idToken signed with an RSA key under 2048 bits is
// refused even though the configured key set holds that key (go-oidc's
// key sets take any size); the 2048-bit twin is accepted.
func TestIdentityCenterRefusesWeakRSAKey(t *testing.T) {
	weak, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  *rsa.PrivateKey
		ok   bool
	}{{"1024 bits", weak, false}, {"2048 bits", otherKey, true}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newIDCFixture()
			f.cfg.Keys = &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{tc.key.Public()}}
			f.idc.tamper = func(_ map[string]any, k **rsa.PrivateKey, _ *ssooidc.CreateTokenWithIAMOutput) { *k = tc.key }
			_, err := f.provider().Retrieve(context.Background())
			if tc.ok {
				if err != nil {
					t.Fatalf("positive twin: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), "1024-bit RSA key") {
				t.Fatalf("err = %v, want the weak key refused", err)
			}
			if len(f.sts.assume) != 0 {
				t.Error("AssumeRole called with a context from a weakly signed idToken")
			}
		})
	}
}

// An idToken without sub names no Identity Center user: refused before
// the user match, although its identity context is present.
func TestIdentityCenterRefusesIDTokenWithoutSubject(t *testing.T) {
	f := newIDCFixture()
	f.idc.tamper = func(c map[string]any, _ **rsa.PrivateKey, _ *ssooidc.CreateTokenWithIAMOutput) { delete(c, "sub") }
	_, err := f.provider().Retrieve(context.Background())
	if !errors.Is(err, ErrInvalidResponse) || !strings.Contains(err.Error(), "lacks sub") {
		t.Fatalf("err = %v, want the idToken refused for its missing sub", err)
	}
	if len(f.sts.assume) != 0 {
		t.Error("AssumeRole called")
	}
}
