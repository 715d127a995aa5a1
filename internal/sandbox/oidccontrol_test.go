package sandbox_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// TestOIDCClientControl: the control endpoint registers an IdP client,
// with a misbehaviour profile if asked, and it is listed; a body without a
// client id, with an unknown profile or that is not JSON is a 400. The
// IdP then knows the client at its authorization endpoint.
func TestOIDCClientControl(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	for body, want := range map[string]int{
		`{"client_id": "acme-no-tags", "client_secret": "s3cret-s3cret", "profile": "missing-tags"}`: http.StatusNoContent,
		`{"client_secret": "x"}`:                           http.StatusBadRequest,
		`{"client_id": "x", "profile": "no-such-profile"}`: http.StatusBadRequest,
		`not json`: http.StatusBadRequest,
	} {
		resp, err := w.sb.HTTPClient().Post(w.sb.URL+"/sandbox/oidc/clients", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: HTTP %d, want %d", body, resp.StatusCode, want)
		}
	}
	for client, want := range map[string]int{"acme-no-tags": http.StatusOK, "never-registered": http.StatusBadRequest} {
		q := url.Values{"client_id": {client}, "redirect_uri": {"http://127.0.0.1:5/callback"}, "response_type": {"code"},
			"scope": {"openid"}, "state": {"s"}, "nonce": {"n"}, "code_challenge_method": {"S256"},
			"code_challenge": {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}}
		resp, err := w.sb.HTTPClient().Get(w.info.OIDC.Issuer + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("authorize as %s: HTTP %d, want %d", client, resp.StatusCode, want)
		}
	}
}
