package oidcauth

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

// profileCase: one sandbox misbehaviour and the error it must produce
// (nil: accepted — a positive twin).
type profileCase struct {
	profile string
	want    []error
}

func runProfiles(t *testing.T, cases []profileCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.profile, func(t *testing.T) {
			e := newIdP(t)
			toks, err := login(t, e, e.rp(tc.profile))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("login: %v", err)
				}
				if toks.Claims.Subject == "" || toks.IDToken == "" {
					t.Fatalf("got %+v", toks)
				}
				return
			}
			t.Logf("rejected: %v", err)
			wantErr(t, err, tc.want...)
			if toks != nil {
				t.Fatalf("got tokens on failure")
			}
		})
	}
}

func TestOIDC01_CodeFlowWithPKCEOverLoopback(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	b := e.browser(maryUser, maryPassword).async()
	var out strings.Builder
	toks, err := Login(context.Background(), rp, LoginOptions{Opener: b, Out: &out})
	if err != nil {
		t.Fatalf("login: %v (browser: %v)", err, <-b.done)
	}
	if err := <-b.done; err != nil {
		t.Fatal(err)
	}
	got := []string{toks.Claims.Issuer, toks.Claims.Email, strings.Join(toks.Claims.Groups, ","), toks.Claims.Name}
	want := []string{e.issuer, maryUser, "core-team", "Mary Major"}
	if !slices.Equal(got, want) {
		t.Fatalf("claims got %q want %q", got, want)
	}
	if toks.Claims.Subject == "" || toks.AccessToken == "" || toks.RefreshToken == "" || !toks.Claims.EmailVerified {
		t.Fatalf("incomplete tokens: %v", toks)
	}
	if tags := toks.Claims.AWSPrincipalTags["Email"]; !slices.Equal(tags, []string{maryUser}) {
		t.Fatalf("principal tags: got %v", toks.Claims.AWSPrincipalTags)
	}
	page := <-b.page
	if page.StatusCode != 200 || !strings.Contains(out.String(), "/authorize?") {
		t.Fatalf("loopback page %d, out %q", page.StatusCode, out.String())
	}
}

func TestOIDC01_AuthorizationRequestShape(t *testing.T) {
	e := newIdP(t)
	authURL, tx, err := e.rp("").Begin(serverURI)
	if err != nil {
		t.Fatal(err)
	}
	q := mustQuery(t, authURL)
	checks := map[string]string{
		"response_type": "code", "code_challenge_method": "S256", "state": tx.State,
		"nonce": tx.Nonce, "redirect_uri": serverURI, "client_id": "app-normal",
	}
	for k, want := range checks {
		if got := q.Get(k); got != want {
			t.Errorf("%s: got %q want %q", k, got, want)
		}
	}
	if !slices.Contains(strings.Fields(q.Get("scope")), "openid") {
		t.Errorf("scope %q lacks openid", q.Get("scope"))
	}
	if q.Has("client_secret") || strings.Contains(authURL, testSecret) {
		t.Error("secret in the authorization URL")
	}
}

func TestOIDC02_IssuerMismatchRejected(t *testing.T) {
	runProfiles(t, []profileCase{{profile: oidcidp.ProfileWrongIssuer, want: []error{ErrInvalidIDToken, ErrTokenIssuer}}})
}

func TestOIDC03_MissingSubRejected(t *testing.T) {
	want := []error{ErrInvalidIDToken, ErrSubject}
	runProfiles(t, []profileCase{
		{oidcidp.ProfileMissingSub, want}, {oidcidp.ProfileEmptySub, want}, {oidcidp.ProfileNullSub, want},
	})
}

func TestOIDC04_AudienceRejected(t *testing.T) {
	want := []error{ErrInvalidIDToken, ErrAudience}
	runProfiles(t, []profileCase{{oidcidp.ProfileWrongAudience, want}, {oidcidp.ProfileMissingAudience, want}})
}

// OIDC-05: an ID token naming an audience the client does not trust is
// refused, even with azp == client_id; once that audience is trusted, azp
// decides. Each rejected case breaks exactly one of those rules.
func TestOIDC05_MultiAudience(t *testing.T) {
	cases := []struct {
		profile string
		trusted []string
		reject  string // the reason, or "" for a positive twin
	}{
		{oidcidp.ProfileMultiAudAzp, nil, "is not trusted"},
		{oidcidp.ProfileMultiAudNoAzp, []string{oidcidp.OtherAudience}, "several audiences and no azp"},
		{oidcidp.ProfileMultiAudWrongAzp, []string{oidcidp.OtherAudience}, "is not this client"},
		{oidcidp.ProfileMultiAudAzp, []string{oidcidp.OtherAudience}, ""},
		{oidcidp.ProfileAudArray, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.profile+" "+strings.Join(tc.trusted, ","), func(t *testing.T) {
			e := newIdP(t)
			cfg := e.config(e.client(tc.profile))
			cfg.TrustedAudiences = tc.trusted
			rp, err := NewRelyingParty(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = login(t, e, rp)
			if tc.reject == "" {
				if err != nil {
					t.Fatalf("positive twin: %v", err)
				}
				return
			}
			wantErr(t, err, ErrInvalidIDToken, ErrAudience)
			if !strings.Contains(err.Error(), tc.reject) {
				t.Fatalf("rejected for %q, want %q", err, tc.reject)
			}
		})
	}
}

func TestOIDC06_IatChecked(t *testing.T) {
	want := []error{ErrInvalidIDToken, ErrTokenTime}
	runProfiles(t, []profileCase{
		{oidcidp.ProfileMissingIat, want}, {oidcidp.ProfileIatFuture, want}, {oidcidp.ProfileIatOld, want},
	})
}

func TestOIDC07_ExpiryAndNotBeforeRejected(t *testing.T) {
	want := []error{ErrInvalidIDToken, ErrTokenTime}
	runProfiles(t, []profileCase{
		{oidcidp.ProfileExpired, want}, {oidcidp.ProfileMissingExp, want}, {oidcidp.ProfileNbfFuture, want},
	})
}

func TestOIDC08_KidAbsentSingleKeyAccepted(t *testing.T) {
	runProfiles(t, []profileCase{{oidcidp.ProfileKidAbsent, nil}})
}

// OIDC-09 pinned: with no kid, every published signature key is tried.
func TestOIDC09_KidAbsentMultipleKeysTriesEach(t *testing.T) {
	e := newIdP(t)
	rp := e.rp(oidcidp.ProfileKidAbsent)
	if err := e.p.RotateKeys(); err != nil {
		t.Fatal(err)
	}
	if _, err := login(t, e, rp); err != nil {
		t.Fatalf("kid-absent with two keys: %v", err)
	}
}

func TestOIDC10_RS256Accepted(t *testing.T) {
	runProfiles(t, []profileCase{{oidcidp.ProfileNormal, nil}})
}

func TestOIDC11_AlgNoneRejected(t *testing.T) {
	runProfiles(t, []profileCase{{oidcidp.ProfileAlgNone, []error{ErrInvalidIDToken, ErrSignature}}})
}

func TestOIDC12_BadSignatureRejected(t *testing.T) {
	runProfiles(t, []profileCase{{oidcidp.ProfileBadSignature, []error{ErrInvalidIDToken, ErrSignature}}})
}

func TestOIDC13_AlgConfusionAndKeyInjectionRejected(t *testing.T) {
	want := []error{ErrInvalidIDToken, ErrSignature}
	runProfiles(t, []profileCase{
		{oidcidp.ProfileAlgHS256, want}, {oidcidp.ProfileAlgHS256JWK, want},
		{oidcidp.ProfileEmbeddedJWK, want}, {oidcidp.ProfileCritHeader, want},
		{oidcidp.ProfileKidUnknown, want},
	})
}

func TestOIDC14_NonceMismatchRejected(t *testing.T) {
	want := []error{ErrInvalidIDToken, ErrNonce}
	runProfiles(t, []profileCase{{oidcidp.ProfileMissingNonce, want}, {oidcidp.ProfileWrongNonce, want}})
}

// An old, valid ID token replayed into a new login carries the old nonce.
func TestOIDC14_ReplayedIDTokenRejected(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	old, err := login(t, e, rp)
	if err != nil {
		t.Fatal(err)
	}
	_, tx, _ := rp.Begin(serverURI)
	_, err = rp.Verify(context.Background(), old.IDToken, tx.Nonce)
	wantErr(t, err, ErrInvalidIDToken, ErrNonce)
	_, err = rp.Verify(context.Background(), old.IDToken, "")
	wantErr(t, err, ErrNonce)
}

func TestOIDC17_ClientSecretOnlyInBasicHeader(t *testing.T) {
	e := newIdP(t)
	if _, err := login(t, e, e.rp("")); err != nil {
		t.Fatal(err)
	}
	e.rec.mu.Lock()
	defer e.rec.mu.Unlock()
	bodies, auths := e.rec.bodies["/idp/oidc/token"], e.rec.auth["/idp/oidc/token"]
	if len(bodies) != 1 || !strings.HasPrefix(auths[0], "Basic ") {
		t.Fatalf("token requests %d, auth %q", len(bodies), auths)
	}
	if strings.Contains(bodies[0], "client_secret") || strings.Contains(bodies[0], testSecret) {
		t.Fatalf("secret in the token request body")
	}
	for path, bs := range e.rec.bodies {
		if path != "/idp/oidc/token" && strings.Contains(strings.Join(bs, ""), testSecret) {
			t.Fatalf("secret sent to %s", path)
		}
	}
}

func TestEmailUnverifiedDropsEmail(t *testing.T) {
	e := newIdP(t)
	toks, err := login(t, e, e.rp(oidcidp.ProfileEmailUnverified))
	if err != nil {
		t.Fatal(err)
	}
	if toks.Claims.Email != "" || toks.Claims.EmailVerified {
		t.Fatalf("unverified email kept: %q", toks.Claims.Email)
	}
}

func TestErrorsCarryNoSecrets(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	authURL, tx, _ := rp.Begin(serverURI)
	params := e.browser(maryUser, maryPassword).callback(t, authURL)
	tx.Verifier = "wrong-verifier-wrong-verifier-wrong-verifier-000"
	_, err := rp.Complete(context.Background(), tx, params)
	wantErr(t, err, ErrInvalidGrant)
	for _, s := range []string{params.Get("code"), tx.Verifier, tx.Nonce, testSecret} {
		if strings.Contains(err.Error(), s) {
			t.Fatalf("error %q contains a secret", err)
		}
	}
	if errors.Is(err, ErrIdPUnreachable) {
		t.Fatal("invalid_grant classified as unreachable")
	}
}
