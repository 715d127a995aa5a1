package sandbox_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"

	"github.com/qbiz/qbiz/internal/sandbox"
)

var canaryRE = regexp.MustCompile(`CANARY-u[0-9]{3}-[0-9a-f]+`)

// TestSoakUsersEachReadOnlyTheirCanary: with soak users, each user signing
// in at the IdP the world names for them reads their own canary in a chat
// and no other; u000 and u001 share an email but are two people of two IdPs.
func TestSoakUsersEachReadOnlyTheirCanary(t *testing.T) {
	w := startWorld(t, sandbox.Options{SoakUsers: 4})
	users := w.sb.SoakUsers()
	if len(users) != 4 {
		t.Fatalf("%d soak users", len(users))
	}
	if users[0].Email != users[1].Email || users[0].IdP == users[1].IdP || users[0].Subject == users[1].Subject {
		t.Fatalf("u000 and u001 are not one email at two IdPs: %+v %+v", users[0], users[1])
	}
	seen := map[string]bool{}
	for _, u := range users {
		got := w.soakChat(t, u)
		if len(got) != 1 || got[0] != u.Canary {
			t.Errorf("%s (%s) read canaries %v, want only %s", u.Username, u.IdP, got, u.Canary)
		}
		seen[u.Canary] = true
	}
	if len(seen) != len(users) {
		t.Errorf("canaries are not distinct: %v", seen)
	}
}

// TestSoakReassignEmail: POST /sandbox/soak/reassign gives u002 u000's
// email and u000 a new one; signed in afresh, each still reads only their
// own canary, and the ledger names each by subject.
func TestSoakReassignEmail(t *testing.T) {
	w := startWorld(t, sandbox.Options{SoakUsers: 4})
	before := w.sb.SoakUsers()
	post(t, w, "/sandbox/soak/reassign", `{"from":"u000","to":"u002"}`, http.StatusOK)
	after := w.sb.SoakUsers()
	if after[2].Email != before[0].Email || after[0].Email == before[0].Email {
		t.Fatalf("emails after reassignment: u000 %s, u002 %s", after[0].Email, after[2].Email)
	}
	for _, u := range []sandbox.SoakUser{after[0], after[2]} {
		if got := w.soakChat(t, u); len(got) != 1 || got[0] != u.Canary {
			t.Errorf("%s read canaries %v, want only %s", u.Username, got, u.Canary)
		}
		e := last(readLedger(t, w), "ChatSync")
		if e.Principal == nil || e.Principal.Subject != u.Subject || e.Principal.Email != u.Email {
			t.Errorf("%s's chat is in the ledger as %+v", u.Username, e.Principal)
		}
	}
	for _, body := range []string{`{"from":"u000","to":"u001"}`, `{"from":"u000","to":"u000"}`, `{"from":"nobody","to":"u002"}`, `[]`} {
		post(t, w, "/sandbox/soak/reassign", body, http.StatusBadRequest)
	}
}

// soakChat signs u in at u's IdP, asks for the canary and returns the
// distinct canaries the answer and its snippets quote.
func (w *world) soakChat(t *testing.T, u sandbox.SoakUser) []string {
	t.Helper()
	creds := w.oidcCreds(t, u.Username)
	if u.IdP == "saml" {
		creds = w.samlCreds(t, u.Username)
	}
	out := subscribeAndChat(t, qbusiness.NewFromConfig(w.cfg(creds)), w.app(t, u.IdP).ApplicationID,
		"nonce:"+strings.Repeat("a", 8)+" What is the soak canary of this account?")
	var quoted strings.Builder
	quoted.WriteString(aws.ToString(out.SystemMessage))
	for _, a := range out.SourceAttributions {
		quoted.WriteString(" " + aws.ToString(a.Snippet))
	}
	found := canaryRE.FindAllString(quoted.String(), -1)
	slices.Sort(found)
	return slices.Compact(found)
}
