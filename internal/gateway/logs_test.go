package gateway_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// CRED-01 for the gateway: through OIDC and SAML sign-ins, refusals, a
// chat, a renewal and a logout, no secret reaches the log: not the session id, the
// CSRF or tx cookie, the code or state, a token, or the SAML response.
func TestNoSecretsInLogs(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	cb := b.oidcCallback("corp", scenario.Mary, "")
	tx := b.cookie("__Host-qbiz-tx")
	q, _ := url.Parse(cb)
	secrets := []string{tx, q.Query().Get("code"), q.Query().Get("state"), "eyJ", scenario.GatewayClientSecret}
	b.get(cb)
	csrf := b.home()
	secrets = append(secrets, b.cookie("__Host-qbiz"), csrf)
	b.api(http.MethodPost, "/api/chat", `{"message":"What is the project budget?"}`, csrf)
	w.ageCredentials(b.cookie("__Host-qbiz")) // a renewal logs the session's profile
	b.api(http.MethodGet, "/api/conversations", "", csrf)
	refused(t, b.get(cb)) // a replay, logged as refused
	b.api(http.MethodPost, "/logout", "{}", csrf)

	s := w.browser()
	f := s.samlResponse(scenario.Mary, "")
	resp := f.Fields.Get("SAMLResponse")
	secrets = append(secrets, resp[:40], resp[len(resp)/2:len(resp)/2+40], f.Fields.Get("RelayState"))
	s.postForm(f.Action, "null", f.Fields)
	secrets = append(secrets, s.cookie("__Host-qbiz"))
	f.Fields.Set("qbiz_resubmit", "1")
	refused(t, s.postForm(f.Action, w.url, f.Fields))

	logs := w.logs.String()
	if !strings.Contains(logs, `"msg":"signed in"`) || !strings.Contains(logs, "request refused") ||
		!strings.Contains(logs, "renewing aws credentials") {
		t.Fatalf("the log is missing its records: %.500s", logs)
	}
	for _, sec := range secrets {
		if sec == "" {
			t.Fatal("a secret to look for is empty")
		}
		if strings.Contains(logs, sec) {
			t.Errorf("the log holds %.12q…", sec)
		}
	}
}
