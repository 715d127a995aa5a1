package sandbox

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

// oidcClientRequest is what an IdP administrator enters for an OIDC
// application: its client id and secret (none: a public client), its
// redirect URIs (none: qbiz's loopback ones) and how its ID tokens are
// made: "" as they should be, or one misbehaviour profile of the IdP
// (e.g. "missing-tags": no https://aws.amazon.com/tags claim, as when the
// claim mapping was never set up), and optionally how long its sign-ins
// last (a client session lifetime, which the token responses announce
// in refresh_expires_in).
type oidcClientRequest struct {
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	RedirectURIs []string `json:"redirect_uris"`
	Profile      string   `json:"profile"`
	// RefreshTokenTTLSeconds, when positive, is how long the client's
	// sign-ins last (the refresh lifetime from authentication).
	RefreshTokenTTLSeconds int64 `json:"refresh_token_ttl_seconds"`
}

// setOIDCClient registers (or replaces) a client of the OIDC IdP.
func (s *Sandbox) setOIDCClient(w http.ResponseWriter, r *http.Request) {
	var in oidcClientRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
		http.Error(w, `body must be {"client_id": ..., "client_secret": ..., "redirect_uris": [...], "profile": ...}: `+err.Error(), http.StatusBadRequest)
		return
	}
	uris := in.RedirectURIs
	if len(uris) == 0 {
		uris = oidcClients()[0].RedirectURIs
	}
	if in.RefreshTokenTTLSeconds < 0 {
		http.Error(w, "refresh_token_ttl_seconds must not be negative", http.StatusBadRequest)
		return
	}
	c := oidcidp.Client{ID: in.ClientID, Secret: in.ClientSecret, RedirectURIs: uris, Profile: in.Profile,
		RefreshTokenTTL: time.Duration(in.RefreshTokenTTLSeconds) * time.Second}
	if err := s.oidc.Register(c); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
