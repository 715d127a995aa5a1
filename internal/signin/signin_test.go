package signin_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/signin"
)

// TestRenewalGoesThroughIdP: a sign-in without AWS credentials renews by
// redeeming its refresh token at the IdP (one token request, rotating the
// refresh token) and then calls STS once; the renewed sign-in is stored,
// so the next use makes no call at all.
func TestRenewalGoesThroughIdP(t *testing.T) {
	w := startWorld(t)
	store := signin.NewMemoryStore()
	seeded := w.seed(store, w.info.OIDC.Issuer, scenario.CLIClientID, scenario.Mary)
	s := w.session(w.oidcProfile(w.info.OIDC.Issuer), store)
	e, err := s.Fresh(context.Background())
	if err != nil {
		t.Fatalf("Fresh: %v", err)
	}
	if e.AWS.AccessKeyID == "" || !e.Identity.SameUser(seeded.Identity) {
		t.Fatalf("renewed sign-in: key %q, identity %+v", e.AWS.AccessKeyID, e.Identity)
	}
	if e.RefreshToken == seeded.RefreshToken {
		t.Error("the refresh token was not rotated")
	}
	if got, _ := store.Get(profile); got.AWS.AccessKeyID != e.AWS.AccessKeyID {
		t.Error("the renewed sign-in was not stored")
	}
	if w.tokens.Load() != 1 || w.stsCalls() != 1 {
		t.Fatalf("%d token requests and %d STS calls, want 1 and 1", w.tokens.Load(), w.stsCalls())
	}
	c, err := s.Credentials(seeded.Identity).Retrieve(context.Background())
	if err != nil || c.AccessKeyID != e.AWS.AccessKeyID {
		t.Fatalf("Credentials: %v, key %q", err, c.AccessKeyID)
	}
	if w.tokens.Load() != 1 || w.stsCalls() != 1 {
		t.Errorf("a warm sign-in made calls: %d token requests and %d STS calls", w.tokens.Load(), w.stsCalls())
	}
}

// TestRevocationEndsSignIn: once the IdP has revoked the session, the next
// renewal is refused by the IdP, the sign-in is removed and STS is never
// called.
func TestRevocationEndsSignIn(t *testing.T) {
	w := startWorld(t)
	store := signin.NewMemoryStore()
	w.seed(store, w.info.OIDC.Issuer, scenario.CLIClientID, scenario.Mary)
	w.control("/sandbox/sessions/revoke")
	_, err := w.session(w.oidcProfile(w.info.OIDC.Issuer), store).Fresh(context.Background())
	if !errors.Is(err, oidcauth.ErrInvalidGrant) {
		t.Fatalf("Fresh after revocation: %v, want ErrInvalidGrant", err)
	}
	wantLoggedOut(t, w, store)
}

// TestRefreshedIdentityChangedLogsOut: an IdP whose refresh grant names
// another subject or issuer; the renewal refuses the token, removes the
// sign-in and calls no AWS API.
func TestRefreshedIdentityChangedLogsOut(t *testing.T) {
	for _, misbehaviour := range []string{"refresh-wrong-sub", "refresh-wrong-iss"} {
		t.Run(misbehaviour, func(t *testing.T) {
			w := startWorld(t)
			issuer := misbehavingIdP(t, w, misbehaviour)
			store := signin.NewMemoryStore()
			w.seed(store, issuer, "qbiz-cli", scenario.Mary)
			p := w.oidcProfile(issuer)
			p.ClientID = "qbiz-cli"
			_, err := w.session(p, store).Fresh(context.Background())
			if !errors.Is(err, identity.ErrIdentityChanged) {
				t.Fatalf("Fresh: %v, want ErrIdentityChanged", err)
			}
			wantLoggedOut(t, w, store)
		})
	}
}

// TestCredentialsPinnedToUser: the cached provider of one user refuses
// the stored sign-in of another.
func TestCredentialsPinnedToUser(t *testing.T) {
	w := startWorld(t)
	store := signin.NewMemoryStore()
	seeded := w.seed(store, w.info.OIDC.Issuer, scenario.CLIClientID, scenario.Mary)
	other := identity.Identity{Issuer: seeded.Identity.Issuer, Subject: seeded.Identity.Subject + "-other"}
	_, err := w.session(w.oidcProfile(w.info.OIDC.Issuer), store).Credentials(other).Retrieve(context.Background())
	if !errors.Is(err, identity.ErrIdentityChanged) {
		t.Fatalf("Retrieve for another user: %v, want ErrIdentityChanged", err)
	}
}

// TestConcurrentRenewalOneRefreshGrant: eight goroutines, over one store or
// over eight token caches on one directory (as eight processes), all find
// the sign-in without AWS credentials at once; one renews (one refresh
// grant, one STS call) and the others take what it stored.
func TestConcurrentRenewalOneRefreshGrant(t *testing.T) {
	const n = 8
	cases := map[string]func(*testing.T) []signin.Store{
		"goroutines": func(*testing.T) []signin.Store {
			s := signin.NewMemoryStore()
			out := make([]signin.Store, n)
			for i := range out {
				out[i] = s
			}
			return out
		},
		"processes": func(t *testing.T) []signin.Store { return fileStores(t, n) },
	}
	for name, stores := range cases {
		t.Run(name, func(t *testing.T) {
			w := startWorld(t)
			ss := stores(t)
			w.seed(ss[0], w.info.OIDC.Issuer, scenario.CLIClientID, scenario.Mary)
			keys := make([]string, n)
			var wg sync.WaitGroup
			for i, store := range ss {
				wg.Add(1)
				go func() {
					defer wg.Done()
					e, err := w.session(w.oidcProfile(w.info.OIDC.Issuer), store).Fresh(context.Background())
					if err != nil {
						t.Errorf("Fresh %d: %v", i, err)
					}
					keys[i] = e.AWS.AccessKeyID
				}()
			}
			wg.Wait()
			if w.tokens.Load() != 1 || w.stsCalls() != 1 {
				t.Errorf("%d token requests and %d STS calls, want 1 and 1", w.tokens.Load(), w.stsCalls())
			}
			for i, k := range keys {
				if k == "" || k != keys[0] {
					t.Errorf("caller %d got key %q, caller 0 %q", i, k, keys[0])
				}
			}
		})
	}
}

// misbehavingIdP serves an OIDC provider whose client qbiz-cli carries
// the misbehaviour; it returns the issuer.
func misbehavingIdP(t *testing.T, w *world, misbehaviour string) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	u, _ := w.info.User(scenario.Mary)
	p, err := oidcidp.New(oidcidp.Options{
		Issuer:    "http://" + srv.Listener.Addr().String() + "/idp",
		Directory: directory.New(directory.User{Username: u.Username, Password: u.Password, Email: u.Email, Name: "Mary Major", Subject: "mary-subject"}),
		Clients:   []oidcidp.Client{{ID: "qbiz-cli", RedirectURIs: []string{sandboxtest.CallbackURL}, Profile: misbehaviour}},
	})
	if err != nil {
		srv.Close()
		t.Fatalf("oidc provider: %v", err)
	}
	srv.Config.Handler = p
	srv.Start()
	t.Cleanup(srv.Close)
	return p.Issuer()
}

// wantLoggedOut: the sign-in is no longer stored and no AWS call was made.
func wantLoggedOut(t *testing.T, w *world, store signin.Store) {
	t.Helper()
	if _, err := store.Get(profile); !errors.Is(err, identity.ErrNotLoggedIn) {
		t.Errorf("the sign-in is still stored (Get: %v)", err)
	}
	if n := w.stsCalls(); n != 0 {
		t.Errorf("%d STS calls, want 0", n)
	}
}

// TestRevokeEndsRenewal: a refresh token revoked through the session is
// refused at the next renewal, which removes the sign-in.
func TestRevokeEndsRenewal(t *testing.T) {
	w := startWorld(t)
	store := signin.NewMemoryStore()
	seeded := w.seed(store, w.info.OIDC.Issuer, scenario.CLIClientID, scenario.Mary)
	s := w.session(w.oidcProfile(w.info.OIDC.Issuer), store)
	if err := s.Revoke(context.Background(), seeded); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if _, err := s.Fresh(context.Background()); !errors.Is(err, oidcauth.ErrInvalidGrant) {
		t.Fatalf("Fresh after Revoke: %v, want ErrInvalidGrant", err)
	}
	wantLoggedOut(t, w, store)
}

// secretStore is a store that also keeps the OIDC client's secret.
type secretStore struct {
	*signin.MemoryStore
	secret logging.Secret
}

func (s secretStore) ClientSecret(string) (logging.Secret, error) { return s.secret, nil }

// TestConfidentialClientSecretFromStore: a renewal for a confidential
// client authenticates with the secret the store keeps, before the one
// of Options; without either the IdP refuses the refresh.
func TestConfidentialClientSecretFromStore(t *testing.T) {
	for _, tt := range []struct {
		name           string
		stored, option logging.Secret
		ok             bool
	}{
		{"stored", scenario.GatewayClientSecret, "wrong", true},
		{"option", "", scenario.GatewayClientSecret, true},
		{"none", "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := startWorld(t)
			store := secretStore{signin.NewMemoryStore(), tt.stored}
			w.seedClient(store, sandboxtest.OIDCFlow{Issuer: w.info.OIDC.Issuer, ClientID: scenario.GatewayClientID,
				ClientSecret: scenario.GatewayClientSecret}, scenario.Mary)
			p := w.oidcProfile(w.info.OIDC.Issuer)
			p.ClientID = scenario.GatewayClientID
			_, err := signin.New(p, store, signin.Options{HTTP: w.http, ClientSecret: tt.option}).Fresh(context.Background())
			// The role trusts the CLI's client only: a refresh the IdP
			// accepts ends at STS.
			if refreshed := w.stsCalls() == 1; refreshed != tt.ok || err == nil {
				t.Fatalf("Fresh: %v after %d STS calls, want the refresh accepted: %v", err, w.stsCalls(), tt.ok)
			}
		})
	}
}
