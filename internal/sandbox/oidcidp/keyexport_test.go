package oidcidp

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

func newKeyTestProvider(t *testing.T, keys []byte) (*Provider, error) {
	t.Helper()
	return New(Options{Issuer: "http://127.0.0.1:1/idp/oidc", Directory: directory.New(testUsers...), Clients: defaultClients(), Keys: keys})
}

func jwks(t *testing.T, p *Provider) []byte {
	t.Helper()
	b, err := p.keys.jwksJSON(false)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExportKeysRoundTrip checks a provider built from exported keys
// publishes the same JWKS and signs with the same current key.
func TestExportKeysRoundTrip(t *testing.T) {
	for _, rotate := range []bool{false, true} {
		p, err := newKeyTestProvider(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rotate {
			if err := p.RotateKeys(); err != nil {
				t.Fatal(err)
			}
		}
		exported, err := p.ExportKeys()
		if err != nil {
			t.Fatal(err)
		}
		q, err := newKeyTestProvider(t, exported)
		if err != nil {
			t.Fatalf("rotate=%v: import: %v", rotate, err)
		}
		if !bytes.Equal(jwks(t, p), jwks(t, q)) {
			t.Errorf("rotate=%v: JWKS differs after import", rotate)
		}
		if p.keys.signer().kid != q.keys.signer().kid {
			t.Errorf("rotate=%v: current kid %s, want %s", rotate, q.keys.signer().kid, p.keys.signer().kid)
		}
	}
}

func TestImportKeysRejectsBadInput(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecDoc, _ := json.Marshal(exportedKeys{Current: ecDER})
	p, err := newKeyTestProvider(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := p.ExportKeys()
	var doc exportedKeys
	_ = json.Unmarshal(good, &doc)
	badPrev, _ := json.Marshal(exportedKeys{Current: doc.Current, Previous: []byte{1, 2, 3}})
	for name, in := range map[string][]byte{
		"not json": []byte("{"), "empty object": []byte("{}"), "garbage key": []byte(`{"current":"AAEC"}`),
		"ecdsa key": ecDoc, "bad previous": badPrev,
	} {
		if _, err := newKeyTestProvider(t, in); err == nil {
			t.Errorf("%s: imported without error", name)
		}
	}
}
