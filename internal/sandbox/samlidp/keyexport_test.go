package samlidp

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"slices"
	"testing"
)

// TestExportKeysRoundTrip checks an IdP built from exported keys publishes
// byte-identical metadata (so registered SAML providers still verify).
func TestExportKeysRoundTrip(t *testing.T) {
	h := newHarness(t, SignAssertion)
	exported, err := h.idp.ExportKeys()
	if err != nil {
		t.Fatal(err)
	}
	again, err := New(Options{BaseURL: h.idp.opts.BaseURL, Directory: testDirectory(), Keys: exported})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if !bytes.Equal(again.Metadata(), h.idp.Metadata()) {
		t.Error("metadata differs after import")
	}
	if !again.key.Equal(h.idp.key) {
		t.Error("signing key differs after import")
	}
}

func TestServiceProvidersListsRegistrations(t *testing.T) {
	h := newHarness(t, SignAssertion)
	sps := h.idp.ServiceProviders()
	if len(sps) != 2 || sps[0].EntityID != awsSP || sps[1].EntityID != appSP {
		t.Fatalf("service providers %+v", sps)
	}
	if !slices.Equal(sps[0].Roles, []RolePair{{marysRole, marysIdP}, {otherRole, marysIdP}}) {
		t.Errorf("roles %+v", sps[0].Roles)
	}
	sps[0].Roles[0].RoleARN = "changed"
	if h.idp.ServiceProviders()[0].Roles[0].RoleARN != marysRole {
		t.Error("ServiceProviders exposes internal slices")
	}
}

func TestImportKeysRejectsBadInput(t *testing.T) {
	h := newHarness(t, SignAssertion)
	good, _ := h.idp.ExportKeys()
	var doc exportedKeys
	_ = json.Unmarshal(good, &doc)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	otherDER, _ := x509.MarshalPKCS8PrivateKey(other)
	mismatch, _ := json.Marshal(exportedKeys{Key: otherDER, Certificate: doc.Certificate})
	noCert, _ := json.Marshal(exportedKeys{Key: doc.Key})
	for name, in := range map[string][]byte{
		"not json": []byte("["), "empty": []byte("{}"), "no certificate": noCert, "key not in certificate": mismatch,
	} {
		if _, err := New(Options{BaseURL: h.idp.opts.BaseURL, Directory: testDirectory(), Keys: in}); err == nil {
			t.Errorf("%s: imported without error", name)
		}
	}
}
