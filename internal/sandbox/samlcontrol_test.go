package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// TestSAMLServiceProviderControl: the control endpoint registers a service
// provider with its Role pairs and refuses a body without an entity id or
// with a pair that is not a role and a SAML provider.
func TestSAMLServiceProviderControl(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	for body, want := range map[string]int{
		`{"entity_id": "urn:sp", "roles": [{"role_arn": "arn:aws:iam::123456789012:role/r", "provider_arn": "arn:aws:iam::123456789012:saml-provider/p"}]}`: http.StatusNoContent,
		`{"roles": []}`: http.StatusBadRequest,
		`{"entity_id": "urn:sp", "roles": [{"role_arn": "arn:aws:iam::123456789012:role/r", "provider_arn": "arn:aws:iam::123456789012:oidc-provider/p"}]}`: http.StatusBadRequest,
		`not json`: http.StatusBadRequest,
	} {
		resp, err := w.sb.HTTPClient().Post(w.sb.URL+"/sandbox/saml/service-providers", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: HTTP %d, want %d", body, resp.StatusCode, want)
		}
	}
}
