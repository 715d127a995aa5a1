package signin_test

import (
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/signin"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// SessionEnd: SAML, and a sign-in without a refresh token, end with
// their credentials (less the renewal margin); a refreshable one at the
// first end known of its refresh token, gateway session and Identity
// Center refresh token, and at no time said when none is.
func TestSessionEnd(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	creds := tokencache.Credentials{Expiration: now.Add(time.Hour)}
	at := func(m int) time.Time { return now.Add(time.Duration(m) * time.Minute) }
	tests := []struct {
		name string
		mode identity.Mode
		e    tokencache.Entry
		want time.Time
	}{
		{"saml", identity.ModeSAML, tokencache.Entry{AWS: creds, IdPSessionExpiry: at(90)}, at(55)},
		{"oidc without refresh token", identity.ModeOIDC, tokencache.Entry{AWS: creds, RefreshExpiry: at(30)}, at(55)},
		{"oidc, refresh end said", identity.ModeOIDC, tokencache.Entry{AWS: creds, RefreshToken: "rt", RefreshExpiry: at(10)}, at(10)},
		{"oidc, nothing said", identity.ModeOIDC, tokencache.Entry{AWS: creds, RefreshToken: "rt"}, time.Time{}},
		{"gateway session first", identity.ModeOIDC, tokencache.Entry{AWS: creds, RefreshToken: "rt", RefreshExpiry: at(30), IdPSessionExpiry: at(20)}, at(20)},
		{"idc refresh first", identity.ModeIDC, tokencache.Entry{AWS: creds, RefreshToken: "rt", RefreshExpiry: at(30), IDCRefreshExpiry: at(25)}, at(25)},
		{"nothing cached", identity.ModeSAML, tokencache.Entry{}, time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := signin.SessionEnd(config.Profile{Mode: tc.mode}, tc.e); !got.Equal(tc.want) {
				t.Fatalf("SessionEnd = %v, want %v", got, tc.want)
			}
		})
	}
}
