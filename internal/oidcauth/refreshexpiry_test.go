package oidcauth

import (
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// The refresh token's end is taken from what the IdP says and nothing
// else: Keycloak's refresh_expires_in or refresh_token_expires_in, whole
// positive seconds; anything else (absent, 0, negative, fractional, huge,
// not a number, or no refresh token at all) leaves it unknown.
func TestRefreshExpiry(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	rp := &RelyingParty{now: func() time.Time { return now }}
	tests := []struct {
		name  string
		extra map[string]any
		rt    string
		want  time.Time
	}{
		{"keycloak", map[string]any{"refresh_expires_in": float64(1800)}, "rt", now.Add(30 * time.Minute)},
		{"entra", map[string]any{"refresh_token_expires_in": "600"}, "rt", now.Add(10 * time.Minute)},
		{"absent", map[string]any{}, "rt", time.Time{}},
		{"zero (offline)", map[string]any{"refresh_expires_in": float64(0)}, "rt", time.Time{}},
		{"negative", map[string]any{"refresh_expires_in": float64(-5)}, "rt", time.Time{}},
		{"fractional", map[string]any{"refresh_expires_in": 1.5}, "rt", time.Time{}},
		{"huge", map[string]any{"refresh_expires_in": 1e300}, "rt", time.Time{}},
		{"not a number", map[string]any{"refresh_expires_in": "soon"}, "rt", time.Time{}},
		{"no refresh token", map[string]any{"refresh_expires_in": float64(600)}, "", time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := (&oauth2.Token{AccessToken: "at", RefreshToken: tc.rt}).WithExtra(tc.extra)
			if got := rp.refreshExpiry(tok); !got.Equal(tc.want) {
				t.Fatalf("refreshExpiry = %v, want %v", got, tc.want)
			}
		})
	}
}
