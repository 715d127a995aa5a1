package cli

import (
	"os"
	"strings"
	"testing"
)

// TestAdminApplyFixedRedirect: apply --redirect-uri prints exactly that
// URI for the IdP administrator to register (no PORT placeholder, no
// advice about ports picked afresh) and writes it into the profile of
// --write-profile as qbiz_redirect_uri, for OIDC and for SAML's ACS.
func TestAdminApplyFixedRedirect(t *testing.T) {
	for _, tc := range []struct {
		mode, uri string
		args      func(w *adminWorld) []string
	}{
		{"oidc", "http://127.0.0.1:8765/callback", func(w *adminWorld) []string {
			return append(w.idp(), "--client-secret-stdin")
		}},
		{"saml", "http://127.0.0.1:8766/saml/acs", func(w *adminWorld) []string {
			return []string{"--mode", "saml", "--saml-metadata-url", w.sb.Info().SAML.MetadataURL}
		}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			w := newAdminWorld(t)
			args := append(tc.args(w), "--redirect-uri", tc.uri, "--yes", "--write-profile", "fixed")
			code, out, errs := w.run(t, "s3cret-value\n", "apply", args...)
			if code != 0 {
				t.Fatalf("apply: %d\n%s%s", code, out, errs)
			}
			if !strings.Contains(out, tc.uri+"   (qbiz login: register exactly this, port included)") {
				t.Errorf("apply output lacks the exact URI %s:\n%s", tc.uri, out)
			}
			if strings.Contains(out, "PORT") || strings.Contains(out, "afresh") {
				t.Errorf("apply output still speaks of a port picked at each sign-in:\n%s", out)
			}
			cfg, _ := os.ReadFile(w.vars["AWS_CONFIG_FILE"])
			if !strings.Contains(string(cfg), "qbiz_redirect_uri = "+tc.uri+"\n") {
				t.Errorf("profile lacks qbiz_redirect_uri = %s:\n%s", tc.uri, cfg)
			}
		})
	}
}

// TestAdminApplyAdvisesFixingTheRedirect: without --redirect-uri, the
// output says the port changes at every sign-in and how to fix it.
func TestAdminApplyAdvisesFixingTheRedirect(t *testing.T) {
	w := newAdminWorld(t)
	code, out, errs := w.run(t, "s3cret-value\n", "apply", append(w.idp(), "--client-secret-stdin", "--yes")...)
	if code != 0 {
		t.Fatalf("apply: %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"http://127.0.0.1:PORT/callback", "--redirect-uri http://127.0.0.1:8765/callback", "qbiz login --device"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
}
