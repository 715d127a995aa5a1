package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// samlSPRequest is what an IdP administrator enters for a SAML application:
// the service provider's entity id, the Role attribute's role and provider
// pairs and, optionally, the assertion's Audience and Recipient (empty: the
// AWS sign-in endpoint) and how long its sign-ins last.
type samlSPRequest struct {
	EntityID  string `json:"entity_id"`
	Audience  string `json:"audience"`
	Recipient string `json:"recipient"`
	// SessionLifetimeSeconds, when positive, ends the sign-ins that long
	// after authentication (SessionNotOnOrAfter).
	SessionLifetimeSeconds int64 `json:"session_lifetime_seconds"`
	Roles                  []struct {
		RoleARN     string `json:"role_arn"`
		ProviderARN string `json:"provider_arn"`
	} `json:"roles"`
}

// setSAMLServiceProvider registers (or replaces) a service provider of the
// SAML IdP, with the loopback ACS URLs qbiz posts to, so a provider and
// role created after start can be signed in to.
func (s *Sandbox) setSAMLServiceProvider(w http.ResponseWriter, r *http.Request) {
	var in samlSPRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
		http.Error(w, "body must be {\"entity_id\": ..., \"roles\": [{\"role_arn\": ..., \"provider_arn\": ...}]}: "+err.Error(), http.StatusBadRequest)
		return
	}
	if in.SessionLifetimeSeconds < 0 {
		http.Error(w, "session_lifetime_seconds must not be negative", http.StatusBadRequest)
		return
	}
	sp := samlidp.ServiceProvider{EntityID: in.EntityID, ACSURLs: samlACSURLs, Audience: in.Audience, Recipient: in.Recipient,
		SessionLifetime: time.Duration(in.SessionLifetimeSeconds) * time.Second}
	for _, p := range in.Roles {
		sp.Roles = append(sp.Roles, samlidp.RolePair{RoleARN: p.RoleARN, ProviderARN: p.ProviderARN})
	}
	if err := checkSP(sp); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.saml.AddServiceProvider(sp)
	w.WriteHeader(http.StatusNoContent)
}

func checkSP(sp samlidp.ServiceProvider) error {
	if sp.EntityID == "" {
		return errors.New("entity_id is required")
	}
	for _, p := range sp.Roles {
		if !strings.Contains(p.RoleARN, ":role/") || !strings.Contains(p.ProviderARN, ":saml-provider/") {
			return errors.New("each role needs a role_arn (…:role/NAME) and a provider_arn (…:saml-provider/NAME)")
		}
	}
	return nil
}
