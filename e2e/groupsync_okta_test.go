package e2e_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeOkta is an Okta org's Groups API with one group, answering only the
// API token it was given; it records the tokens it was sent.
type fakeOkta struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newFakeOkta(t *testing.T, token string) *fakeOkta {
	o := &fakeOkta{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.seen = append(o.seen, r.Header.Get("Authorization"))
		o.mu.Unlock()
		if r.Header.Get("Authorization") != "SSWS "+token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/api/v1/groups":
			json.NewEncoder(w).Encode([]any{map[string]any{"id": "g1", "profile": map[string]string{"name": "okta-team"}}})
		case "/api/v1/groups/g1/users":
			json.NewEncoder(w).Encode([]any{map[string]any{"profile": map[string]string{"email": syncMary}}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *fakeOkta) sawOnly(token string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.seen {
		if s != "SSWS "+token {
			return false
		}
	}
	return len(o.seen) > 0
}

// syncStdin is sync with stdin.
func (w *groupSyncWorld) syncStdin(stdin string, extra map[string]string, from string, args ...string) result {
	app := w.app("oidc")
	vars := map[string]string{}
	maps.Copy(vars, w.extra)
	maps.Copy(vars, extra)
	args = append([]string{"admin", "groups", "sync", "--application-id", app.ApplicationID, "--index-id", app.IndexID, "--from", from,
		"--aws-profile", "sync-admin", "--region", w.info.Region, "--endpoint-url", w.info.Endpoint}, args...)
	return w.runStdinEnv(stdin, vars, args...)
}

// TestGroupSyncOktaTokenFromKeyring: --okta-token-stdin keeps the org's
// API token in the keyring (encrypted, never echoed) and uses it; a later
// sync of that org without $OKTA_API_TOKEN reads it from there; the
// variable, when set, wins; an org with no token anywhere is told both
// ways to give one.
func TestGroupSyncOktaTokenFromKeyring(t *testing.T) {
	w := newSyncAdminWorld(t)
	w.configure()
	okta := newFakeOkta(t, "okta-keyring-token")
	from := "okta:" + okta.URL

	r := w.syncStdin("okta-keyring-token\n", nil, from, "--okta-token-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "okta-team") || !strings.Contains(r.stderr, "Kept the Okta API token") {
		t.Fatalf("sync with --okta-token-stdin: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "okta-keyring-token") {
		t.Fatal("the token was printed")
	}
	r = w.syncStdin("", nil, from)
	if r.code != 0 || !strings.Contains(r.stdout, "okta-team") || !okta.sawOnly("okta-keyring-token") {
		t.Fatalf("sync with the kept token: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}

	r = w.syncStdin("", map[string]string{"OKTA_API_TOKEN": "a-revoked-token"}, from)
	if r.code == 0 || okta.sawOnly("okta-keyring-token") {
		t.Fatalf("$OKTA_API_TOKEN did not win over the keyring: exit %d\nstderr: %s", r.code, r.stderr)
	}

	other := newFakeOkta(t, "other-token")
	r = w.syncStdin("", nil, "okta:"+other.URL)
	if r.code != 1 || !strings.Contains(r.stderr, fmt.Sprintf("no API token for %s", other.URL)) ||
		!strings.Contains(r.stderr, "OKTA_API_TOKEN") || !strings.Contains(r.stderr, "--okta-token-stdin") {
		t.Fatalf("an org with no token: exit %d\nstderr: %s", r.code, r.stderr)
	}
}
