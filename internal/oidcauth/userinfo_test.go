package oidcauth

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

// urlLog records every URL the provider is asked for.
type urlLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *urlLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.urls = append(l.urls, r.URL.String())
		l.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// OIDC-15 (rp-userinfo-bad-sub-claim) does not apply: the relying party
// never calls userinfo, so no userinfo claim can be merged. Every claim
// comes from the verified ID token. Pinned here with a provider whose
// userinfo names another subject: the login succeeds with the ID token's
// claims and userinfo is never asked.
func TestOIDC15_UserinfoNeverCalled(t *testing.T) {
	e := newIdP(t)
	toks, err := login(t, e, e.rp(oidcidp.ProfileUserinfoWrongSub))
	if err != nil {
		t.Fatal(err)
	}
	if toks.Claims.Email != maryUser {
		t.Errorf("email %q, want %s from the ID token", toks.Claims.Email, maryUser)
	}
	if n := e.rec.count("/userinfo"); n != 0 {
		t.Fatalf("userinfo called %d times", n)
	}
}

// OIDC-16: with the email and profile scopes the claims arrive (in the ID
// token, see OIDC-15), and the access token is never put in a URL: no
// request of the login carries it in its path or query.
func TestOIDC16_ScopeClaimsAndNoTokenInURLs(t *testing.T) {
	var log urlLog
	e := newIdPWith(t, log.wrap)
	toks, err := login(t, e, e.rp(""))
	if err != nil {
		t.Fatal(err)
	}
	if toks.Claims.Email != maryUser || toks.Claims.Name != "Mary Major" || toks.AccessToken == "" {
		t.Fatalf("claims email %q name %q, access token present %v", toks.Claims.Email, toks.Claims.Name, toks.AccessToken != "")
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	for _, u := range log.urls {
		if strings.Contains(u, toks.AccessToken) {
			t.Errorf("access token in the URL %s", u)
		}
	}
}
