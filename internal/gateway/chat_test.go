package gateway_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// Signed in over HTTP, Mary asks through /api/chat and gets a streamed
// answer from her documents (ACME), never Mateo's; Mateo, in another
// browser, gets AnyOrgApp's. Both are signed with their own credentials.
func TestChatAsEachUser(t *testing.T) {
	w := startWorld(t)
	for _, c := range []struct{ user, idp, want, never string }{
		{scenario.Mary, "corp", "ACME", "AnyOrgApp"},
		{scenario.Mateo, "corp", "AnyOrgApp", "ACME"},
		{scenario.Mary, "saml", "ACME", "AnyOrgApp"},
		{scenario.Mateo, "idc", "AnyOrgApp", "ACME"},
	} {
		t.Run(c.user+"/"+c.idp, func(t *testing.T) {
			b := w.browser()
			var csrf string
			if c.idp == "saml" {
				f := b.samlResponse(c.user, "")
				if p := b.postForm(f.Action, "null", f.Fields); p.status != http.StatusSeeOther {
					t.Fatalf("ACS: %d %.300s", p.status, p.body)
				}
				csrf = b.home()
			} else {
				csrf = b.signInOIDC(c.idp, c.user)
			}
			p := b.api(http.MethodPost, "/api/chat", `{"message":"What is the project budget?"}`, csrf)
			if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/event-stream") {
				t.Fatalf("chat: %d %s %.500s", p.status, p.header.Get("Content-Type"), p.body)
			}
			if !strings.Contains(p.body, "event: text") || !strings.Contains(p.body, "event: done") {
				t.Fatalf("no streamed answer: %.800s", p.body)
			}
			if !strings.Contains(p.body, c.want) || strings.Contains(p.body, c.never) {
				t.Fatalf("answer for %s: %.800s", c.user, p.body)
			}
			if p.header.Get("Cache-Control") != "no-store" || p.header.Get("Vary") == "" {
				t.Errorf("chat stream cacheable: %q %q", p.header.Get("Cache-Control"), p.header.Get("Vary"))
			}
		})
	}
}
