package oidcauth

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

// rpWith builds a relying party of a client with profile after mutate
// changed its configuration.
func (e *idp) rpWith(profile string, mutate func(*Config)) *RelyingParty {
	e.t.Helper()
	cfg := e.config(e.client(profile))
	mutate(&cfg)
	rp, err := NewRelyingParty(context.Background(), cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return rp
}

// With AuthMaxAge the authorization request carries max_age in seconds
// (OIDC Core §3.1.2.1); without it, none.
func TestMaxAgeSentOnlyWhenConfigured(t *testing.T) {
	e := newIdP(t)
	for want, rp := range map[string]*RelyingParty{
		"1200": e.rpWith("", func(c *Config) { c.AuthMaxAge = 20 * time.Minute }),
		"":     e.rp(""),
	} {
		u, _, err := rp.Begin(serverURI)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := url.Parse(u)
		if got := q.Query().Get("max_age"); got != want || q.Query().Has("max_age") != (want != "") {
			t.Errorf("max_age %q, want %q", got, want)
		}
	}
}

// OIDC Core §3.1.3.7 step 11: having sent max_age, the relying party
// requires auth_time. The same IdP client without auth_time is accepted
// when no max_age was sent, and a token with it when one was.
func TestMaxAgeRequiresAuthTime(t *testing.T) {
	e := newIdP(t)
	maxAge := func(c *Config) { c.AuthMaxAge = 20 * time.Minute }
	_, err := login(t, e, e.rpWith(oidcidp.ProfileMissingAuthTime, maxAge))
	wantErr(t, err, ErrInvalidIDToken, ErrAuthTime)
	if _, err := login(t, e, e.rp(oidcidp.ProfileMissingAuthTime)); err != nil {
		t.Fatalf("no max_age sent, no auth_time: %v", err)
	}
	toks, err := login(t, e, e.rpWith("", maxAge))
	if err != nil || !toks.Claims.AuthTime.Equal(e.clock.Now()) {
		t.Fatalf("max_age sent, auth_time present: %v %v", err, toks)
	}
}

// An auth_time longer ago than max_age plus the skew is refused; at
// exactly max_age plus the skew it is accepted. The relying party's clock
// runs ahead of the IdP's so that auth_time alone is old (iat's bound is
// widened to keep it out of the way).
func TestMaxAgeBoundsAuthTime(t *testing.T) {
	for _, c := range []struct {
		ahead time.Duration
		ok    bool
	}{{21 * time.Minute, true}, {21*time.Minute + time.Second, false}} {
		e := newIdP(t)
		rp := e.rpWith("", func(cfg *Config) {
			cfg.AuthMaxAge, cfg.ClockSkew, cfg.MaxAge = 20*time.Minute, time.Minute, time.Hour
			cfg.Now = func() time.Time { return e.clock.Now().Add(c.ahead) }
		})
		_, err := login(t, e, rp)
		if c.ok && err != nil {
			t.Errorf("auth_time %v before: %v", c.ahead, err)
		}
		if !c.ok {
			wantErr(t, err, ErrInvalidIDToken, ErrAuthTime)
		}
	}
}
