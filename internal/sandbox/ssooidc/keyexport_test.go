package ssooidc_test

import (
	"bytes"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
	oidc "github.com/qbiz/qbiz/internal/sandbox/ssooidc"
)

func newKeyTestService(t *testing.T, keys []byte) (*oidc.Service, error) {
	t.Helper()
	a, err := awsauth.NewAuthority(make([]byte, 32), nil)
	if err != nil {
		t.Fatal(err)
	}
	return oidc.New(oidc.Options{Authority: a, Admin: ssoadmin.NewStore("123456789012"), Directory: directory.New(), Keys: keys})
}

// TestExportKeysRoundTrip checks a service built from an exported key
// publishes the same JWKS, so id tokens issued before a restart verify.
func TestExportKeysRoundTrip(t *testing.T) {
	svc, err := newKeyTestService(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	exported, err := svc.ExportKeys()
	if err != nil {
		t.Fatal(err)
	}
	again, err := newKeyTestService(t, exported)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if !bytes.Equal(again.JWKS(), svc.JWKS()) {
		t.Error("JWKS differs after import")
	}
	for name, in := range map[string][]byte{"not json": []byte("x"), "empty": []byte("{}"), "garbage": []byte(`{"key":"AAEC"}`)} {
		if _, err := newKeyTestService(t, in); err == nil {
			t.Errorf("%s: imported without error", name)
		}
	}
}
