package signin_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/signin"
)

// TestSignInBoundToSettings: a sign-in renewed for one profile is not
// served to the same profile name once a setting that decides whose
// credentials it makes has changed (each changed alone), while a change
// that leaves it the same person's at the same role (region, endpoint)
// keeps it.
func TestSignInBoundToSettings(t *testing.T) {
	w := startWorld(t)
	base := w.oidcProfile(w.info.OIDC.Issuer)
	tests := []struct {
		name    string
		edit    func(*config.Profile)
		changed string // "" = still served
	}{
		{"unchanged", func(*config.Profile) {}, ""},
		{"region", func(p *config.Profile) { p.Region = "eu-west-1" }, ""},
		{"role", func(p *config.Profile) { p.RoleARN += "-other" }, "qbiz_role_arn"},
		{"issuer", func(p *config.Profile) { p.Issuer = "https://idp.example.com" }, "qbiz_issuer"},
		{"client", func(p *config.Profile) { p.ClientID = "other-client" }, "qbiz_client_id"},
		{"endpoint", func(p *config.Profile) { p.EndpointURL = "http://127.0.0.1:1" }, ""},
		{"mode", func(p *config.Profile) { p.Mode = identity.ModeIDC }, "qbiz_mode"},
	}
	store := signin.NewMemoryStore()
	w.seed(store, w.info.OIDC.Issuer, scenario.CLIClientID, scenario.Mary)
	if _, err := w.session(base, store).Fresh(context.Background()); err != nil {
		t.Fatalf("Fresh: %v", err)
	}
	calls := w.stsCalls()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			tt.edit(&p)
			_, err := w.session(p, store).Fresh(context.Background())
			switch {
			case tt.changed == "" && err != nil:
				t.Fatalf("Fresh: %v", err)
			case tt.changed != "" && (!errors.Is(err, identity.ErrReauthRequired) || !strings.Contains(err.Error(), tt.changed+" changed")):
				t.Fatalf("Fresh: %v, want a new sign-in naming %s", err, tt.changed)
			}
		})
	}
	if w.stsCalls() != calls {
		t.Errorf("%d STS calls after the first renewal, want none", w.stsCalls()-calls)
	}
}
