package oidcauth

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// bareRP is a RelyingParty without network, for pure checks.
func bareRP(iss bool) *RelyingParty {
	cfg := Config{Issuer: "https://idp.example.com", ClientID: "app", Now: func() time.Time { return t0 }}.withDefaults()
	return &RelyingParty{cfg: cfg, now: cfg.Now, log: cfg.Logger, used: newReplayCache(cfg.TransactionTTL, cfg.Now),
		md: &metadata{Issuer: cfg.Issuer, IssParameterSupported: iss}}
}

// OIDC-07 boundary twins: one second inside the skew is accepted, one
// second outside is not, each for its own reason.
func TestOIDC07_SkewBoundaries(t *testing.T) {
	rp := bareRP(true)
	skew, maxAge := DefaultClockSkew, DefaultMaxAge
	nbf := func(d time.Duration) *float64 { f := float64(t0.Add(d).Unix()); return &f }
	cases := []struct {
		name     string
		exp, iat time.Time
		nbf      *float64
		reject   string // the reason, or "" when accepted
	}{
		{"fresh", t0.Add(time.Hour), t0, nil, ""},
		{"exp inside skew", t0.Add(-skew + time.Second), t0.Add(-time.Minute), nil, ""},
		{"exp outside skew", t0.Add(-skew - time.Second), t0.Add(-time.Minute), nil, "expired at"},
		{"iat future inside skew", t0.Add(time.Hour), t0.Add(skew - time.Second), nil, ""},
		{"iat future outside skew", t0.Add(time.Hour), t0.Add(skew + time.Second), nil, "in the future"},
		{"iat old inside max age", t0.Add(time.Hour), t0.Add(-maxAge - skew + time.Second), nil, ""},
		{"iat old outside max age", t0.Add(time.Hour), t0.Add(-maxAge - skew - time.Second), nil, "older than"},
		{"nbf inside skew", t0.Add(time.Hour), t0, nbf(skew - time.Second), ""},
		{"nbf outside skew", t0.Add(time.Hour), t0, nbf(skew + time.Second), "not valid before"},
		{"exp missing", time.Time{}, t0, nil, "exp missing"},
		{"iat missing", t0.Add(time.Hour), time.Time{}, nil, "iat missing"},
	}
	for _, tc := range cases {
		err := rp.checkTimes(&oidc.IDToken{Expiry: tc.exp, IssuedAt: tc.iat}, tc.nbf)
		if (err == nil) != (tc.reject == "") || (err != nil && (!errors.Is(err, ErrTokenTime) || !strings.Contains(err.Error(), tc.reject))) {
			t.Errorf("%s: got %v, want rejection %q", tc.name, err, tc.reject)
		}
	}
}

func TestOIDC05_AudienceRules(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []struct {
		name    string
		aud     []string
		azp     *string
		trusted []string
		reject  string // the reason, or "" when accepted
	}{
		{"single", []string{"app"}, nil, nil, ""},
		{"single with azp", []string{"app"}, s("app"), nil, ""},
		{"single with foreign azp", []string{"app"}, s("other"), nil, "is not this client"},
		{"multi, other untrusted", []string{"app", "other"}, s("app"), nil, "is not trusted"},
		{"multi trusted, no azp", []string{"app", "other"}, nil, []string{"other"}, "several audiences and no azp"},
		{"multi trusted, azp client", []string{"app", "other"}, s("app"), []string{"other"}, ""},
		{"multi trusted, azp other", []string{"app", "other"}, s("other"), []string{"other"}, "is not this client"},
		{"client not included", []string{"other"}, s("app"), []string{"other"}, "does not contain this client"},
		{"empty", nil, nil, nil, "does not contain this client"},
	}
	for _, tc := range cases {
		rp := bareRP(true)
		rp.cfg.TrustedAudiences = tc.trusted
		err := rp.checkAudience(tc.aud, tc.azp)
		if (err == nil) != (tc.reject == "") || (err != nil && !strings.Contains(err.Error(), tc.reject)) {
			t.Errorf("%s: got %v, want rejection %q", tc.name, err, tc.reject)
		}
	}
}

func TestOIDC13_HeaderKeyInjectionRefused(t *testing.T) {
	enc := func(h string) string { return base64.RawURLEncoding.EncodeToString([]byte(h)) + ".e30.c2ln" }
	cases := []struct {
		name, token string
		ok          bool
	}{
		{"plain", enc(`{"alg":"RS256","kid":"k"}`), true},
		{"jwk", enc(`{"alg":"RS256","jwk":{"kty":"RSA"}}`), false},
		{"jku", enc(`{"alg":"RS256","jku":"https://evil.test/jwks"}`), false},
		{"x5u", enc(`{"alg":"RS256","x5u":"https://evil.test/cert"}`), false},
		{"x5c", enc(`{"alg":"RS256","x5c":["MIIB"]}`), false},
		{"crit", enc(`{"alg":"RS256","crit":["exp"],"exp":1}`), false},
		{"jwe (five parts)", "a.b.c.d.e", false},
		{"five parts, valid header", enc(`{"alg":"RS256","kid":"k"}`) + ".d.e", false},
		{"not base64", "!!.e30.c2ln", false},
	}
	for _, tc := range cases {
		err := checkHeader(tc.token)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrSignature)) {
			t.Errorf("%s: got %v want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestParseCallback(t *testing.T) {
	cases := []struct {
		query string
		want  error
	}{
		{"code=c&state=s", nil},
		{"code=c&state=s&iss=https%3A%2F%2Fidp", nil},
		{"error=access_denied&state=s", nil},
		{"code=c", ErrInvalidCallback},
		{"state=s", ErrInvalidCallback},
		{"code=c&error=x&state=s", ErrInvalidCallback},
		{"code=c&code=d&state=s", ErrInvalidCallback},
		{"code=c&state=s&iss=a&iss=b", ErrInvalidCallback},
		{"code=c%0A&state=s", ErrInvalidCallback},
		{"code=%C3%A9&state=s", ErrInvalidCallback},
	}
	for _, tc := range cases {
		v, _ := url.ParseQuery(tc.query)
		if _, err := parseCallback(v); !errors.Is(err, tc.want) {
			t.Errorf("%q: got %v want %v", tc.query, err, tc.want)
		}
	}
}

// RFC 9207 without a network: checks happen before any token request.
func TestOAUTH05_ResponseIssuerRules(t *testing.T) {
	cases := []struct {
		name       string
		advertised bool
		iss        []string
		ok         bool
	}{
		{"advertised and equal", true, []string{"https://idp.example.com"}, true},
		{"advertised and missing", true, nil, false},
		{"advertised and other", true, []string{"https://evil.test"}, false},
		{"advertised and empty", true, []string{""}, false},
		{"not advertised, missing", false, nil, true},
		{"not advertised, other", false, []string{"https://evil.test"}, false},
	}
	for _, tc := range cases {
		rp := bareRP(tc.advertised)
		params := url.Values{"code": {"c"}, "state": {"s"}}
		if tc.iss != nil {
			params["iss"] = tc.iss
		}
		cb, _ := parseCallback(params)
		if err := rp.checkResponseIssuer(cb); (err == nil) != tc.ok {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
}

func TestDevicePollDecision(t *testing.T) {
	cases := []struct {
		err     error
		next    time.Duration
		wantErr error
	}{
		{&oauthError{Code: "authorization_pending"}, 5 * time.Second, nil},
		{&oauthError{Code: "slow_down"}, 10 * time.Second, nil},
		{&oauthError{Code: "access_denied"}, 0, ErrAccessDenied},
		{&oauthError{Code: "expired_token"}, 0, ErrDeviceCodeExpired},
		{&oauthError{Code: "invalid_grant"}, 0, ErrInvalidGrant},
		{ErrIdPUnreachable, 10 * time.Second, nil},
	}
	for _, tc := range cases {
		next, err := devicePollDecision(tc.err, 5*time.Second)
		if next != tc.next || !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
			t.Errorf("%v: got %v, %v", tc.err, next, err)
		}
	}
}
